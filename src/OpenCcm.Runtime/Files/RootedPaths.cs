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
}
