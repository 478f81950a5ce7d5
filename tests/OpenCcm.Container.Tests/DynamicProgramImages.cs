namespace OpenCcm.Container.Tests;

/// <summary>
/// Two base images built with umoci from a directory holding a dynamically linked program: the host's
/// <c>/usr/bin/openssl</c>, exactly the libraries <c>ldd</c> lists for it (ld-linux included) and
/// <c>/etc/ssl/openssl.cnf</c>. The entrypoint is <c>openssl s_server -www</c> on a loopback port, loading the key,
/// certificate and chain the runtime writes to /run/ccm. Base B is A with one changed file (a line added to
/// openssl.cnf), so it converts to a different MRENCLAVE.
/// </summary>
internal sealed class DynamicProgramImages : IDisposable
{
    public const string Program = "/usr/bin/openssl";
    public const string KeyPath = "/run/ccm/key.pem";
    public const string CertPath = "/run/ccm/cert.pem";
    public const string ChainPath = "/run/ccm/chain.pem";
    private const string Config = "/etc/ssl/openssl.cnf";

    public DynamicProgramImages(string root, int tlsPort)
    {
        Root = root;
        Layout = Path.Combine(root, "layout");
        var bundle = Path.Combine(root, "bundle-a");
        ConverterTools.Run("umoci", "init", "--layout", Layout);
        ConverterTools.Run("umoci", "new", "--image", $"{Layout}:a");
        ConverterTools.Run("umoci", "unpack", "--image", $"{Layout}:a", bundle);
        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var file in new[] { Program, Config }.Concat(LinkedLibraries(Program)))
        {
            CopyIn(rootfs, file);
        }

        ConverterTools.Run("umoci", "repack", "--image", $"{Layout}:a", bundle);
        ConverterTools.Run("umoci", ["config", "--image", $"{Layout}:a", "--config.entrypoint", Program,
            .. new[] { "s_server", "-www", "-accept", $"127.0.0.1:{tlsPort}", "-cert", CertPath, "-key", KeyPath, "-cert_chain", ChainPath }
                .SelectMany(word => new[] { "--config.cmd", word })]);

        // B: A plus a layer that changes one file.
        ConverterTools.Run("umoci", "tag", "--image", $"{Layout}:a", "b");
        var bundleB = Path.Combine(root, "bundle-b");
        ConverterTools.Run("umoci", "unpack", "--image", $"{Layout}:b", bundleB);
        File.AppendAllText(Path.Combine(bundleB, "rootfs", Config.TrimStart('/')), "\n# base image B: one changed file\n");
        ConverterTools.Run("umoci", "repack", "--image", $"{Layout}:b", bundleB);
    }

    public string Root { get; }

    public string Layout { get; }

    /// <summary>The files <c>ldd</c> names for <paramref name="program"/> (absolute paths: libraries and the dynamic loader).</summary>
    public static IReadOnlyList<string> LinkedLibraries(string program) =>
        [.. ConverterTools.Run("ldd", program).Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .SelectMany(words => words.Where(word => word.StartsWith('/')).Take(1))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>skopeo copy of base <paramref name="tag"/> ("a" or "b") to host/repo:tag.</summary>
    public void Push(string tag, string target) =>
        ConverterTools.Run("skopeo", "copy", "--quiet", "--dest-tls-verify=false", $"oci:{Layout}:{tag}", $"docker://{target}");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Copies a host file to the same path in <paramref name="rootfs"/> as a regular file (links followed), keeping its mode.</summary>
    private static void CopyIn(string rootfs, string file)
    {
        var target = Path.Combine(rootfs, file.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var source = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
        File.Copy(source, target);
        File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }
}
