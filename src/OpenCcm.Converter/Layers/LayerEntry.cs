namespace OpenCcm.Converter.Layers;

/// <summary>
/// One checked entry of a layer. <see cref="Path"/> is normalized: relative to the root, no leading "./" or "/",
/// no trailing "/", no "." or ".." components; "" is the root itself. For whiteouts it is the path deleted
/// (or, opaque, the directory emptied).
/// </summary>
public sealed class LayerEntry
{
    public required LayerEntryKind Kind { get; init; }

    public required string Path { get; init; }

    /// <summary>Symbolic link: the target as written (absolute targets resolve from the root). Hard link: the normalized path of the target.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Permission bits including setuid, setgid and sticky (tar mode & 07777).</summary>
    public UnixFileMode Mode { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }

    public DateTimeOffset ModificationTime { get; init; }

    /// <summary>Size of a regular file's content.</summary>
    public long Size { get; init; }

    /// <summary>Content of a regular file, valid until the next entry is read; null otherwise.</summary>
    public Stream? Content { get; init; }
}
