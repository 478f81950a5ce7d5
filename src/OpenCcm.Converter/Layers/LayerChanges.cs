using System.Runtime.ExceptionServices;

namespace OpenCcm.Converter.Layers;

/// <summary>
/// One layer read, checked and hashed but not yet applied to a tree (<see cref="LayerFlattener.ReadAsync"/>): layers
/// are read concurrently and applied in order (<see cref="LayerFlattener.Apply"/>), which keeps whiteouts, opaque
/// directories and the tree checks exactly as if they had been read one after the other. Holds metadata and a hash
/// per entry, never content (the small captured files aside), so it is bounded by the entry count like the tree.
/// </summary>
public sealed class LayerChanges
{
    internal List<HashedEntry> Entries { get; } = [];

    /// <summary>Why reading stopped early; raised by <see cref="LayerFlattener.Apply"/> after the entries read before it.</summary>
    internal ExceptionDispatchInfo? Failure { get; set; }

    /// <summary>Entries read.</summary>
    public int Count => Entries.Count;

    /// <summary>True when the layer was read to its end and passed its checks (entries still go through the tree's).</summary>
    public bool Complete => Failure is null;
}

/// <summary>A checked entry with its content's hash (regular files) and, for captured paths, the content.</summary>
internal readonly record struct HashedEntry(
    LayerEntryKind Kind, string Path, string? LinkTarget, UnixFileMode Mode, int Uid, int Gid, DateTimeOffset ModificationTime,
    long Size, byte[]? Sha256, byte[]? Content);
