namespace OpenCcm.Runtime.Files;

/// <summary>
/// Maps the manifest's absolute paths (as the workload sees them) into the directory the runtime was given with
/// <c>--root</c>: "/usr/bin/x" is "&lt;root&gt;/usr/bin/x", unless the root is "/" (inside a container).
/// </summary>
public sealed class RootedPaths
{
    public RootedPaths(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public bool IsSystemRoot => Root == "/";

    /// <summary>The host path of <paramref name="manifestPath"/>; relative paths are taken from the root as well.</summary>
    /// <exception cref="ArgumentException">The path escapes the root with "..".</exception>
    public string Resolve(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        var relative = manifestPath.TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!IsSystemRoot && full != Root && !full.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{manifestPath}' leaves the root directory.", nameof(manifestPath));
        }

        return full;
    }

    /// <summary>
    /// The host path of <paramref name="manifestPath"/> with symbolic links followed as the workload would see them with
    /// the root as its '/': an absolute link target starts again at the root (a host path would not). Null when the
    /// path leaves the root or links loop. With root "/" this is the path itself.
    /// </summary>
    public string? ResolveConfined(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        if (IsSystemRoot)
        {
            return Path.GetFullPath("/" + manifestPath.TrimStart('/'));
        }

        var pending = new Stack<string>(manifestPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        for (var links = 0; pending.Count > 0;)
        {
            var segment = pending.Pop();
            if (segment == ".")
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

            var candidate = Path.Combine(Root, string.Join('/', resolved), segment);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(segment);
                continue;
            }

            if (++links > 40)
            {
                return null; // Linux's MAXSYMLINKS
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(part);
            }
        }

        return Path.Combine(Root, string.Join('/', resolved));
    }
}
