namespace OpenCcm.Converter.Layers;

/// <summary>The flattened image file system as an index of <see cref="TreeNode"/>s (no content).</summary>
public sealed class FileTree
{
    /// <summary>Symbolic links followed at most while resolving one path (Linux MAXSYMLINKS).</summary>
    public const int MaxSymlinkHops = 40;

    public FileTree()
    {
        Root = new TreeNode("", TreeNodeKind.Directory, null) { Mode = (UnixFileMode)0b111_101_101 };
    }

    public TreeNode Root { get; }

    /// <summary>Nodes in the tree, the root aside.</summary>
    public int NodeCount { get; internal set; }

    /// <summary>The node at a normalized path, without following symbolic links; null when absent.</summary>
    public TreeNode? Find(string path)
    {
        var node = Root;
        foreach (var part in Split(path))
        {
            if (node.Children is null || !node.Children.TryGetValue(part, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>
    /// Resolves a path as the container will see it: symbolic links in every component (the last too) are followed
    /// inside the root, absolute targets from the root, ".." at the root staying there. Returns the normalized real
    /// path and its node, or null when something is missing or the links loop.
    /// </summary>
    public (string Path, TreeNode Node)? Resolve(string path)
    {
        var hops = 0;
        return Resolve(Root, "", Split(path).ToList(), ref hops);
    }

    private (string Path, TreeNode Node)? Resolve(TreeNode start, string startPath, List<string> parts, ref int hops)
    {
        var node = start;
        var current = startPath;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part == "..")
            {
                node = node.Parent ?? Root;
                current = LayerPaths.Parent(current);
                continue;
            }

            if (node.Children is null || !node.Children.TryGetValue(part, out var child))
            {
                return null;
            }

            if (child.Kind == TreeNodeKind.SymbolicLink)
            {
                if (++hops > MaxSymlinkHops)
                {
                    return null;
                }

                var target = child.LinkTarget!;
                var rest = target.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").Concat(parts.Skip(i + 1)).ToList();
                return target.StartsWith('/') ? Resolve(Root, "", rest, ref hops) : Resolve(node, current, rest, ref hops);
            }

            node = child;
            current = LayerPaths.Combine(current, part);
        }

        return (current, node);
    }

    /// <summary>The content of a captured file (see <see cref="LayerFlattener.CapturedPaths"/>), following links; null when absent.</summary>
    public byte[]? ReadCaptured(string path) => Resolve(path) is { Node: { Kind: TreeNodeKind.RegularFile } node } ? node.Content : null;

    /// <summary>Every node with its normalized path, sorted by path (ordinal).</summary>
    public IReadOnlyList<(string Path, TreeNode Node)> ListAll()
    {
        var all = new List<(string, TreeNode)>(NodeCount);
        var stack = new Stack<(string, TreeNode)>();
        stack.Push(("", Root));
        while (stack.Count > 0)
        {
            var (path, node) = stack.Pop();
            foreach (var child in node.Children!.Values)
            {
                var childPath = LayerPaths.Combine(path, child.Name);
                all.Add((childPath, child));
                if (child.Children is not null)
                {
                    stack.Push((childPath, child));
                }
            }
        }

        all.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return all;
    }

    /// <summary>Regular files with their normalized paths, sorted by path (ordinal).</summary>
    public IEnumerable<(string Path, TreeNode Node)> RegularFiles() => ListAll().Where(e => e.Node.Kind == TreeNodeKind.RegularFile);

    internal static string[] Split(string path) => path.Length == 0 ? [] : path.Split('/');
}
