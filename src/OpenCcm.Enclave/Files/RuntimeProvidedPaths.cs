using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Enclave.Files;

/// <summary>
/// Paths a container's root holds at run time that are not the image's content, so they are never trusted files and
/// never count as untrusted ones: kernel filesystems (<c>proc</c>, <c>sys</c>, <c>dev</c>), the files container
/// engines bind-mount over the image (<c>etc/hosts</c>, <c>etc/hostname</c>, <c>etc/resolv.conf</c>, their marker files),
/// and <c>opt/openccm</c>, the runtime's own directory, whose runtime and manifest are measured into MRENCLAVE instead.
/// The converter leaves them out of trustedFiles and the runtime skips them when it checks a root (docs/enclave-manifest.md).
/// </summary>
public static class RuntimeProvidedPaths
{
    /// <summary>The runtime's directory in a converted image.</summary>
    public const string RuntimeDirectory = "opt/openccm";

    private static readonly string[] Directories = ["proc", "sys", "dev", RuntimeDirectory];

    private static readonly string[] Files = ["etc/hosts", "etc/hostname", "etc/resolv.conf", "run/.containerenv", ".containerenv", ".dockerenv"];

    /// <summary>Whether <paramref name="relativePath"/> (no leading '/') is provided at run time rather than by the image.</summary>
    public static bool Contains(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Array.IndexOf(Files, relativePath) >= 0 || Directories.Any(directory => ManifestPaths.IsUnder(relativePath, directory));
    }
}
