using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

namespace OpenCcm.Tests;

/// <summary>
/// Real parts for the converter's interface tests (CLI and manager), as tests/OpenCcm.Oci.Tests uses them: the registry
/// of scripts/registry.sh, images built with umoci from busybox-static and copied with skopeo. Linked into the test
/// projects that need it (not every project: it needs Xunit.SkippableFact).
/// </summary>
internal static class ConverterTools
{
    private static readonly string[] Required = ["docker-registry", "skopeo", "umoci", "htpasswd"];

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Why the real-parts tests cannot run here (run scripts/test-tools.sh), or null.</summary>
    public static string? MissingReason { get; } = FindMissing();

    public static void SkipUnlessAvailable() => Skip.If(MissingReason is not null, MissingReason);

    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
    }

    public static string Script(string name) => Path.Combine(RepositoryRoot, "scripts", name);

    /// <summary>
    /// The published ccm-runtime (scripts/publish-runtime.sh, NativeAOT) when there is one, else a stand-in file: the
    /// measurement only needs bytes, and ldd calls it "not a dynamic executable" (no C library files added).
    /// </summary>
    public static string Runtime(string directory)
    {
        var published = Path.Combine(RepositoryRoot, "artifacts", "ccm", "ccm-runtime");
        if (File.Exists(published) && !new FileInfo(published).Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return published;
        }

        var standIn = Path.Combine(directory, "ccm-runtime");
        File.WriteAllText(standIn, "stand-in ccm-runtime for converter interface tests\n");
        return standIn;
    }

    private static string? FindMissing()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var missing = Required.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (!File.Exists("/bin/busybox"))
        {
            missing.Add("busybox-static");
        }

        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}: run scripts/test-tools.sh to install them";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenCcm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpenCcm.sln not found above the test binaries");
    }
}

/// <summary>A docker-registry (scripts/registry.sh) on loopback, plain HTTP; <c>--htpasswd USER:PASSWORD</c> turns on Basic auth.</summary>
internal sealed class ConverterTestRegistry : IDisposable
{
    private readonly string _runDirectory;

    private ConverterTestRegistry(string runDirectory)
    {
        _runDirectory = runDirectory;
        Address = File.ReadAllText(Path.Combine(runDirectory, "address")).Trim();
    }

    /// <summary>host:port.</summary>
    public string Address { get; }

    public static ConverterTestRegistry Start(params string[] options) =>
        new(ConverterTools.Run(ConverterTools.Script("registry.sh"), ["start", .. options]).Trim());

    public void Dispose() => ConverterTools.Run(ConverterTools.Script("registry.sh"), "stop", _runDirectory);
}

/// <summary>
/// The busybox test image (umoci: busybox-static and /bin/sh, then a small second layer; entrypoint /bin/sh), pushed
/// with skopeo; and a crafted image whose second layer holds an entry named "../escape".
/// </summary>
internal sealed class ConverterTestImages : IDisposable
{
    public ConverterTestImages()
    {
        Root = Directory.CreateTempSubdirectory("ccm-convert-images-").FullName;
        Layout = Path.Combine(Root, "layout");
        ConverterTools.Run("umoci", "init", "--layout", Layout);
        ConverterTools.Run("umoci", "new", "--image", $"{Layout}:base");
        var first = Path.Combine(Root, "bundle1");
        ConverterTools.Run("umoci", "unpack", "--image", $"{Layout}:base", first);
        Directory.CreateDirectory(Path.Combine(first, "rootfs", "bin"));
        File.Copy("/bin/busybox", Path.Combine(first, "rootfs", "bin", "busybox"));
        File.CreateSymbolicLink(Path.Combine(first, "rootfs", "bin", "sh"), "busybox");
        ConverterTools.Run("umoci", "repack", "--image", $"{Layout}:base", first);
        var second = Path.Combine(Root, "bundle2");
        ConverterTools.Run("umoci", "unpack", "--image", $"{Layout}:base", second);
        File.WriteAllText(Path.Combine(second, "rootfs", "hello.txt"), "hello from OpenCCM\n");
        ConverterTools.Run("umoci", "repack", "--image", $"{Layout}:base", second);
        ConverterTools.Run("umoci", "config", "--image", $"{Layout}:base", "--config.entrypoint", "/bin/sh");
    }

    public string Root { get; }

    public string Layout { get; }

    /// <summary>skopeo copy of the base image to host/repo:tag (OCI format unless told), with optional USER:PASSWORD.</summary>
    public void Push(string target, string? credentials = null, params string[] options) =>
        ConverterTools.Run("skopeo", [
            "copy", "--quiet", "--dest-tls-verify=false", .. credentials is null ? Array.Empty<string>() : ["--dest-creds", credentials], .. options,
            $"oci:{Layout}:base", $"docker://{target}"]);

    /// <summary>skopeo inspect of host/repo:tag (plain HTTP), its JSON.</summary>
    public static System.Text.Json.JsonElement Inspect(string image, string? credentials = null)
    {
        var json = ConverterTools.Run("skopeo", [
            "inspect", "--tls-verify=false", .. credentials is null ? Array.Empty<string>() : ["--creds", credentials], $"docker://{image}"]);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>A SIGSTRUCT read at the offsets Fortanix's scripts use (ENCLAVEHASH at 960, modulus at 128, ISVPRODID 1024, ISVSVN 1026).</summary>
internal sealed record SigstructFields(string MrEnclave, string MrSigner, int IsvProdId, int IsvSvn)
{
    public static SigstructFields Read(byte[] sigstruct) => new(
        Convert.ToHexStringLower(sigstruct.AsSpan(960, 32)),
        Convert.ToHexStringLower(SHA256.HashData(sigstruct.AsSpan(128, 384))),
        BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1024)),
        BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1026)));
}
