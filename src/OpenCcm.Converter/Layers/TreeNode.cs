namespace OpenCcm.Converter.Layers;

/// <summary>What a node of the flattened tree is.</summary>
public enum TreeNodeKind
{
    RegularFile,
    Directory,
    SymbolicLink,
}

/// <summary>
/// One node of the flattened file tree: metadata and, for regular files, the SHA-256 of the content (the content
/// itself is not kept: the converter only needs hashes, so memory and disk stay independent of the image size).
/// </summary>
public sealed class TreeNode
{
    internal TreeNode(string name, TreeNodeKind kind, TreeNode? parent)
    {
        Name = name;
        Kind = kind;
        Parent = parent;
        if (kind == TreeNodeKind.Directory)
        {
            Children = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        }
    }

    public string Name { get; }

    public TreeNodeKind Kind { get; }

    public UnixFileMode Mode { get; internal set; }

    public int Uid { get; internal set; }

    public int Gid { get; internal set; }

    public DateTimeOffset ModificationTime { get; internal set; }

    /// <summary>Content length of a regular file.</summary>
    public long Size { get; internal set; }

    /// <summary>SHA-256 of a regular file's content (32 bytes); null for other kinds.</summary>
    public byte[]? Sha256 { get; internal set; }

    /// <summary>A symbolic link's target as written in the layer.</summary>
    public string? LinkTarget { get; internal set; }

    /// <summary>True when the setuid or setgid bit is set (kept, as a container runtime keeps it; see docs/converter.md).</summary>
    public bool IsSetUidOrSetGid => (Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0;

    /// <summary>Content kept for the few small files the converter reads (<see cref="LayerFlattener.CapturedPaths"/>).</summary>
    internal byte[]? Content { get; set; }

    internal TreeNode? Parent { get; set; }

    internal Dictionary<string, TreeNode>? Children { get; }

    /// <summary>The last layer that wrote this node or anything below it (opaque whiteouts and whiteouts hide only lower layers).</summary>
    internal int Layer { get; set; } = -1;
}
