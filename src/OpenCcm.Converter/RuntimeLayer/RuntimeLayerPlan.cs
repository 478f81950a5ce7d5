using System.Security.Cryptography;
using OpenCcm.Converter.Layers;

namespace OpenCcm.Converter.RuntimeLayer;

/// <summary>A file the runtime layer copies from the host, with the SHA-256 it had when planned.</summary>
/// <param name="ImagePath">Relative path in the image (symbolic links of the image already resolved).</param>
public sealed record PlannedFile(string ImagePath, string HostPath, UnixFileMode Mode, byte[] Sha256, long Size);

/// <summary>
/// What the runtime layer holds besides the manifest and SIGSTRUCT: the runtime executable, the C library files the
/// flattened image lacks, and the directories missing on the way. Paths are placed through the image's own symbolic
/// links (a usr-merged image's lib -> usr/lib), as the container engine will write them.
/// </summary>
public sealed class RuntimeLayerPlan
{
    private static readonly UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    private RuntimeLayerPlan(PlannedFile runtime, IReadOnlyList<PlannedFile> libraries, IReadOnlyList<string> directories, string runtimeDirectory)
    {
        Runtime = runtime;
        Libraries = libraries;
        Directories = directories;
        RuntimeDirectory = runtimeDirectory;
    }

    public PlannedFile Runtime { get; }

    /// <summary>C library files added because the image lacks them.</summary>
    public IReadOnlyList<PlannedFile> Libraries { get; }

    /// <summary>Directories the layer creates (missing in the image), sorted.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The real path of opt/openccm in the image.</summary>
    public string RuntimeDirectory { get; }

    /// <summary>Library files as the manifest's trusted files (they are part of the workload's root).</summary>
    public IReadOnlyDictionary<string, byte[]> TrustedAdditions => Libraries.ToDictionary(l => l.ImagePath, l => l.Sha256, StringComparer.Ordinal);

    /// <exception cref="ConversionException">RuntimeMissing (unreadable host file), InvalidImage (a path cannot be placed).</exception>
    public static RuntimeLayerPlan Create(FileTree tree, string runtimePath, IReadOnlyList<RuntimeLibrary> libraries)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(libraries);
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var runtimeImagePath = Place(tree, RuntimeLayout.RuntimePath, directories);
        var runtime = Plan(runtimeImagePath, runtimePath);
        var added = new SortedDictionary<string, PlannedFile>(StringComparer.Ordinal);
        foreach (var library in libraries)
        {
            var imagePath = library.ImagePath.TrimStart('/');
            if (LayerPaths.NormalizeEntryName(imagePath, 4096) != imagePath || imagePath.Length == 0)
            {
                throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"'{library.ImagePath}' is not a valid image path for a library.");
            }

            if (tree.Resolve(imagePath) is { Node.Kind: TreeNodeKind.RegularFile })
            {
                continue; // the image has its own: keep it
            }

            var real = Place(tree, imagePath, directories);
            added.TryAdd(real, Plan(real, library.HostPath));
        }

        return new RuntimeLayerPlan(runtime, [.. added.Values], [.. directories], LayerPaths.Parent(LayerPaths.Parent(runtimeImagePath)));
    }

    /// <summary>The real path for a new file at <paramref name="path"/>, noting the directories to create.</summary>
    private static string Place(FileTree tree, string path, SortedSet<string> directories)
    {
        var current = "";
        var node = tree.Root;
        var parts = FileTree.Split(LayerPaths.Parent(path));
        for (var i = 0; i < parts.Length; i++)
        {
            if (node is null || !node.Children!.TryGetValue(parts[i], out var child))
            {
                // Missing from here on (in the image, or only planned): the layer creates it.
                current = LayerPaths.Combine(current, parts[i]);
                directories.Add(current);
                node = null;
                continue;
            }

            if (child.Kind == TreeNodeKind.SymbolicLink)
            {
                var resolved = tree.Resolve(LayerPaths.Combine(current, parts[i]));
                if (resolved is not { Node.Kind: TreeNodeKind.Directory })
                {
                    throw Unplaceable(path, LayerPaths.Combine(current, parts[i]));
                }

                (current, node) = resolved.Value;
            }
            else if (child.Kind == TreeNodeKind.Directory)
            {
                current = LayerPaths.Combine(current, parts[i]);
                node = child;
            }
            else
            {
                throw Unplaceable(path, LayerPaths.Combine(current, parts[i]));
            }
        }

        return LayerPaths.Combine(current, LayerPaths.Name(path));
    }

    private static PlannedFile Plan(string imagePath, string hostPath)
    {
        try
        {
            using var file = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var hash = SHA256.HashData(file);
            return new PlannedFile(imagePath, hostPath, Executable, hash, file.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"Cannot read '{hostPath}' for the runtime layer: {e.Message}", e);
        }
    }

    private static ConversionException Unplaceable(string path, string blocker) =>
        new(ConversionErrorCodes.InvalidImage, $"Cannot add '/{path}': '/{blocker}' in the image is not a directory.");
}
