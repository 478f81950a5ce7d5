using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using OpenCcm.Oci;

namespace OpenCcm.Converter.Layers;

/// <summary>
/// Applies layers in order as a container runtime does (OCI image-spec layer.md "Applying Changesets"): entries
/// replace what a lower layer had at their path (a non-directory replaces a directory with its subtree),
/// ".wh.NAME" deletes NAME from lower layers, ".wh..wh..opq" hides every lower child of its directory. Regular
/// files are hashed (SHA-256, streaming) and their content dropped, so memory grows with the number of files only.
/// Refuses entries written through a symbolic link, under a non-directory, and hard links to anything but a regular
/// file already in the tree.
/// </summary>
public sealed class LayerFlattener(LayerLimits? limits = null)
{
    private const int HashBufferSize = 128 * 1024;
    private static readonly UnixFileMode ImplicitDirectoryMode = (UnixFileMode)0b111_101_101;

    /// <summary>Small files whose content is kept (user and group names for the manifest's "user").</summary>
    public static IReadOnlySet<string> CapturedPaths { get; } = new HashSet<string>(StringComparer.Ordinal) { "etc/passwd", "etc/group" };

    private const int MaxCapturedSize = 1 << 20;

    private readonly LayerLimits limits = limits ?? LayerLimits.Default;
    private int layer = -1;

    public FileTree Tree { get; } = new();

    /// <summary>Layers applied so far.</summary>
    public int LayerCount => layer + 1;

    /// <summary>Applies every entry of the next layer, in archive order, then lets the reader finish its digest checks.</summary>
    /// <exception cref="ConversionException">Untrusted content (the tree is then unusable).</exception>
    public async Task ApplyAsync(LayerReader reader, CancellationToken cancellationToken = default) =>
        Apply(await ReadAsync(reader, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Reads a layer to its end without a tree: every entry checked by the reader, every regular file hashed. Needs no
    /// other layer, so layers can be read concurrently. A failure is kept, not thrown, so that <see cref="Apply"/>
    /// reports what a sequential flattening would have: a tree refusal before it in archive order wins.
    /// </summary>
    public static async Task<LayerChanges> ReadAsync(LayerReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var changes = new LayerChanges();
        try
        {
            while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                changes.Entries.Add(await HashAsync(entry, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (e is ConversionException or OciException or IOException or OperationCanceledException)
        {
            changes.Failure = ExceptionDispatchInfo.Capture(e);
        }

        return changes;
    }

    /// <summary>Applies a layer read by <see cref="ReadAsync"/> on top of the layers applied so far, then raises its failure if it had one.</summary>
    /// <exception cref="ConversionException">Untrusted content (the tree is then unusable).</exception>
    public void Apply(LayerChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        layer++;
        foreach (var entry in changes.Entries)
        {
            Apply(entry);
        }

        changes.Failure?.Throw();
    }

    private void Apply(in HashedEntry entry)
    {
        switch (entry.Kind)
        {
            case LayerEntryKind.Whiteout:
                Whiteout(entry.Path);
                return;
            case LayerEntryKind.OpaqueWhiteout:
                Opaque(entry.Path);
                return;
        }

        var parent = ParentFor(entry.Path);
        var name = LayerPaths.Name(entry.Path);
        parent.Children!.TryGetValue(name, out var existing);
        TreeNode node;
        switch (entry.Kind)
        {
            case LayerEntryKind.Directory when existing is { Kind: TreeNodeKind.Directory }:
                node = existing;
                break;
            case LayerEntryKind.Directory:
                node = Replace(parent, existing, name, TreeNodeKind.Directory);
                break;
            case LayerEntryKind.RegularFile:
                node = Replace(parent, existing, name, TreeNodeKind.RegularFile);
                node.Sha256 = entry.Sha256;
                node.Content = entry.Content;
                node.Size = entry.Size;
                break;
            case LayerEntryKind.SymbolicLink:
                node = Replace(parent, existing, name, TreeNodeKind.SymbolicLink);
                node.LinkTarget = entry.LinkTarget;
                break;
            case LayerEntryKind.HardLink:
                var target = Tree.Find(entry.LinkTarget!);
                if (target is not { Kind: TreeNodeKind.RegularFile })
                {
                    throw new ConversionException(ConversionErrorCodes.HardLinkTargetMissing, $"The hard link '{entry.Path}' -> '{entry.LinkTarget}' does not name a regular file of the tree.") { EntryPath = entry.Path };
                }

                // A hard link shares the target's inode: same content, same metadata.
                node = Replace(parent, existing, name, TreeNodeKind.RegularFile);
                node.Sha256 = target.Sha256;
                node.Content = target.Content;
                node.Size = target.Size;
                node.Mode = target.Mode;
                node.Uid = target.Uid;
                node.Gid = target.Gid;
                node.ModificationTime = target.ModificationTime;
                Touch(node);
                return;
            default:
                throw new InvalidOperationException($"Unexpected entry kind {entry.Kind}.");
        }

        node.Mode = entry.Mode;
        node.Uid = entry.Uid;
        node.Gid = entry.Gid;
        node.ModificationTime = entry.ModificationTime;
        Touch(node);
    }

    /// <summary>The directory an entry goes into, creating missing directories as a runtime's MkdirAll would.</summary>
    private TreeNode ParentFor(string path)
    {
        var node = Tree.Root;
        var parts = FileTree.Split(LayerPaths.Parent(path));
        foreach (var part in parts)
        {
            if (!node.Children!.TryGetValue(part, out var child))
            {
                child = Add(node, part, TreeNodeKind.Directory);
                child.Mode = ImplicitDirectoryMode;
                child.Layer = layer;
            }
            else if (child.Kind == TreeNodeKind.SymbolicLink)
            {
                throw new ConversionException(ConversionErrorCodes.EntryPathThroughSymlink, $"The entry '{path}' lies below the symbolic link '{part}' -> '{child.LinkTarget}'.") { EntryPath = path };
            }
            else if (child.Kind != TreeNodeKind.Directory)
            {
                throw new ConversionException(ConversionErrorCodes.EntryParentNotDirectory, $"The entry '{path}' lies below '{part}', which is not a directory.") { EntryPath = path };
            }

            node = child;
        }

        return node;
    }

    private void Whiteout(string path)
    {
        var parent = ExistingDirectory(LayerPaths.Parent(path), path);
        if (parent is not null && parent.Children!.TryGetValue(LayerPaths.Name(path), out var hidden) && hidden.Layer < layer)
        {
            Remove(parent, hidden);
        }
    }

    private void Opaque(string directoryPath)
    {
        var directory = ExistingDirectory(directoryPath, directoryPath + "/.wh..wh..opq");
        if (directory is not null)
        {
            HideLower(directory);
        }
    }

    /// <summary>Removes what lower layers left under <paramref name="directory"/>, keeping what this layer wrote.</summary>
    private void HideLower(TreeNode directory)
    {
        foreach (var child in directory.Children!.Values.ToList())
        {
            if (child.Layer < layer)
            {
                Remove(directory, child);
            }
            else if (child.Children is not null)
            {
                HideLower(child);
            }
        }
    }

    /// <summary>The directory at a whiteout's parent path; null when absent (nothing to hide), refused through links.</summary>
    private TreeNode? ExistingDirectory(string path, string entryPath)
    {
        var node = Tree.Root;
        foreach (var part in FileTree.Split(path))
        {
            if (!node.Children!.TryGetValue(part, out var child))
            {
                return null;
            }

            if (child.Kind == TreeNodeKind.SymbolicLink)
            {
                throw new ConversionException(ConversionErrorCodes.EntryPathThroughSymlink, $"The whiteout '{entryPath}' lies below the symbolic link '{part}'.") { EntryPath = entryPath };
            }

            if (child.Kind != TreeNodeKind.Directory)
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private TreeNode Replace(TreeNode parent, TreeNode? existing, string name, TreeNodeKind kind)
    {
        if (existing is not null)
        {
            Remove(parent, existing);
        }

        return Add(parent, name, kind);
    }

    private TreeNode Add(TreeNode parent, string name, TreeNodeKind kind)
    {
        if (Tree.NodeCount >= limits.MaxTreeNodes)
        {
            throw new ConversionException(ConversionErrorCodes.SizeLimitExceeded, $"The image has more than {limits.MaxTreeNodes} files.");
        }

        var node = new TreeNode(name, kind, parent);
        parent.Children!.Add(name, node);
        Tree.NodeCount++;
        return node;
    }

    private void Remove(TreeNode parent, TreeNode node)
    {
        parent.Children!.Remove(node.Name);
        Tree.NodeCount -= Count(node);
        node.Parent = null;
    }

    private static int Count(TreeNode node) => 1 + (node.Children?.Values.Sum(Count) ?? 0);

    /// <summary>Marks the node and its ancestors as written by the current layer.</summary>
    private void Touch(TreeNode node)
    {
        for (var n = node; n is not null && n.Layer != layer; n = n.Parent)
        {
            n.Layer = layer;
        }

        node.Layer = layer;
    }

    /// <summary>The entry with its content hashed (regular files; the few captured paths keep their content too).</summary>
    private static async ValueTask<HashedEntry> HashAsync(LayerEntry entry, CancellationToken cancellationToken)
    {
        byte[]? hash = null;
        byte[]? content = null;
        if (entry.Kind == LayerEntryKind.RegularFile)
        {
            var capture = CapturedPaths.Contains(entry.Path) && entry.Size <= MaxCapturedSize ? new MemoryStream((int)entry.Size) : null;
            hash = await HashContentAsync(entry, capture, cancellationToken).ConfigureAwait(false);
            content = capture?.ToArray();
        }

        return new HashedEntry(entry.Kind, entry.Path, entry.LinkTarget, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime, entry.Size, hash, content);
    }

    private static async Task<byte[]> HashContentAsync(LayerEntry entry, MemoryStream? capture, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await entry.Content!.ReadAsync(buffer.AsMemory(0, HashBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                capture?.Write(buffer, 0, read);
                total += read;
            }

            return total == entry.Size
                ? sha.GetHashAndReset()
                : throw new ConversionException(ConversionErrorCodes.LayerMalformed, $"The file '{entry.Path}' has {total} bytes of content; its header says {entry.Size}.") { EntryPath = entry.Path };
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new ConversionException(ConversionErrorCodes.LayerMalformed, $"The layer ends inside '{entry.Path}': {e.Message}", e) { EntryPath = entry.Path };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
