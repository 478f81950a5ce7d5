namespace OpenCcm.Enclave.Files;

/// <summary>
/// Resolves a path inside a root the way the workload sees it when the root is its '/': symbolic links are followed
/// component by component, an absolute link target starts again at the root, and '..' may not climb above the root.
/// </summary>
internal static class ConfinedPath
{
    /// <summary>Linux's own limit on links followed while resolving one path (MAXSYMLINKS).</summary>
    private const int MaxLinks = 40;

    /// <summary>The resolved relative path ("" for the root itself), or null when it leaves the root or links loop.</summary>
    public static string? Resolve(string root, string relativePath)
    {
        var pending = new List<string>(relativePath.Split('/'));
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var segment = pending[0];
            pending.RemoveAt(0);
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count == 0)
                {
                    return null;
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var target = LinkTarget(Path.Combine(root, string.Join('/', resolved), segment));
            if (target is null)
            {
                resolved.Add(segment);
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            pending.InsertRange(0, target.Split('/'));
        }

        return string.Join('/', resolved);
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
