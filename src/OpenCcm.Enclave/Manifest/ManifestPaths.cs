namespace OpenCcm.Enclave.Manifest;

/// <summary>
/// The manifest's path rules. Paths are '/'-separated; segments are never empty, "." or "..", and never hold NUL.
/// Relative paths (trustedFiles keys, rwDirs, encryptedDirs) have no leading '/'; "inside" paths (certificate and CA
/// paths) may have one and are taken relative to the root either way; the entrypoint and workingDir are absolute.
/// </summary>
public static class ManifestPaths
{
    /// <summary>True for a non-empty relative path whose segments are all proper names.</summary>
    public static bool IsRelative(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] != '/' && SegmentsValid(path);

    /// <summary>True for "/" or '/' followed by a valid relative path.</summary>
    public static bool IsAbsolute(string? path) =>
        path is not null && path.Length > 0 && path[0] == '/' && (path.Length == 1 || IsRelative(path[1..]));

    /// <summary>True for a path that names something inside the root: relative, or absolute other than "/".</summary>
    public static bool IsInside(string? path) => IsRelative(path) || (IsAbsolute(path) && path!.Length > 1);

    /// <summary>The path relative to the root ("" for "/"); the caller has validated it.</summary>
    public static string ToRelative(string path) => path.TrimStart('/');

    /// <summary>The host path of a manifest path (absolute = relative to <paramref name="root"/>).</summary>
    public static string Resolve(string root, string path)
    {
        if (!IsInside(path) && !IsAbsolute(path))
        {
            throw new ArgumentException($"'{path}' is not a valid manifest path.", nameof(path));
        }

        var relative = ToRelative(path);
        return relative.Length == 0 ? Path.GetFullPath(root) : Path.Combine(Path.GetFullPath(root), relative);
    }

    /// <summary>True when <paramref name="relativePath"/> is <paramref name="directory"/> or below it.</summary>
    public static bool IsUnder(string relativePath, string directory) =>
        relativePath.Length > directory.Length
            ? relativePath.StartsWith(directory, StringComparison.Ordinal) && relativePath[directory.Length] == '/'
            : string.Equals(relativePath, directory, StringComparison.Ordinal);

    private static bool SegmentsValid(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }
}
