namespace OpenCcm.Enclave.Files;

/// <summary>
/// The entries of a root that the trusted-file rules look at: every regular file and symbolic link outside the
/// excluded directories, by '/'-separated relative path in ordinal order. Symbolic links are never followed; a link
/// whose target leaves the root is refused.
/// </summary>
internal sealed class TrustedFileTree
{
    private static readonly EnumerationOptions Direct = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private TrustedFileTree(string root, SortedDictionary<string, FileInfo> files, SortedSet<string> symlinks)
    {
        Root = root;
        Files = files;
        Symlinks = symlinks;
    }

    public string Root { get; }

    /// <summary>Regular files (and other non-directory, non-link entries) by relative path.</summary>
    public SortedDictionary<string, FileInfo> Files { get; }

    public SortedSet<string> Symlinks { get; }

    /// <exception cref="TrustedFileException">The root is missing or unreadable, or a link escapes it.</exception>
    public static TrustedFileTree Scan(string root, IReadOnlyCollection<string> excludedDirectories)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new TrustedFileException(TrustedFileCodes.RootNotFound, $"The root directory '{root}' does not exist.");
        }

        var files = new SortedDictionary<string, FileInfo>(StringComparer.Ordinal);
        var symlinks = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(fullRoot), string.Empty));
        while (pending.TryPop(out var current))
        {
            foreach (var entry in Enumerate(current.Directory))
            {
                var relative = current.Relative.Length == 0 ? entry.Name : current.Relative + "/" + entry.Name;
                if (RuntimeProvidedPaths.Contains(relative))
                {
                    continue;
                }

                if (entry.LinkTarget is not null)
                {
                    if (ConfinedPath.Resolve(fullRoot, relative) is null)
                    {
                        throw new TrustedFileException(TrustedFileCodes.SymlinkEscapesRoot, $"The symbolic link '{relative}' -> '{entry.LinkTarget}' leads outside the root (or links loop).");
                    }

                    symlinks.Add(relative);
                }
                else if (entry is DirectoryInfo directory)
                {
                    if (!excludedDirectories.Any(excluded => Manifest.ManifestPaths.IsUnder(relative, excluded)))
                    {
                        pending.Push((directory, relative));
                    }
                }
                else if (entry is FileInfo file && !excludedDirectories.Any(excluded => Manifest.ManifestPaths.IsUnder(relative, excluded)))
                {
                    files.Add(relative, file);
                }
            }
        }

        return new TrustedFileTree(fullRoot, files, symlinks);
    }

    private static FileSystemInfo[] Enumerate(DirectoryInfo directory)
    {
        try
        {
            return directory.GetFileSystemInfos("*", Direct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustedFileException(TrustedFileCodes.Unreadable, $"Cannot list '{directory.FullName}': {e.Message}", e);
        }
    }
}
