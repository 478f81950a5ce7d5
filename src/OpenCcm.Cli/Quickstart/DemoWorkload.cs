using System.Runtime.Versioning;
using System.Text.Json;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// The demo workload: a root holding a copy of the host's <c>openssl</c> (a trusted file) whose manifest runs
/// <c>openssl s_server -www</c> on 127.0.0.1:PORT with the key, certificate and chain the runtime obtains for the demo
/// domain — a real TLS server using the issued key. Measured and signed by <c>ccm enclave measure</c> itself.
/// </summary>
[UnsupportedOSPlatform("windows")] // Unix file modes; the runtime it runs is Linux-only
internal sealed class DemoWorkload
{
    public const string Domain = "demo.openccm.test";
    private const string KeyPath = "/run/ccm/key.pem";
    private const string CertPath = "/run/ccm/cert.pem";
    private const string ChainPath = "/run/ccm/chain.pem";
    private const string CaPath = "/run/ccm/zone-root.pem";

    private DemoWorkload(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Root => Path.Combine(Directory, "root");

    public string ManifestPath => Path.Combine(Directory, "manifest.json");

    public string SigstructPath => ManifestPath + ".sigstruct";

    public string LogPath => Path.Combine(Directory, "workload.log");

    public string CertificateFile => InRoot(CertPath);

    public Uri Url => new($"https://{Domain}:{Port}/");

    /// <summary>Writes the root (openssl copied in) and the manifest, trusted files still to be hashed by the measurement.</summary>
    public static DemoWorkload Create(string directory, int port)
    {
        var openssl = FindOpenssl();
        var demo = new DemoWorkload(directory, port);
        var binary = demo.InRoot("/usr/bin/openssl");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        File.Copy(openssl, binary);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var manifest = new EnclaveManifest
        {
            Name = "quickstart-demo",
            Entrypoint = "/usr/bin/openssl",
            // Relative paths: the runtime starts the entrypoint in workingDir inside the root.
            Args = ["s_server", "-www", "-accept", $"127.0.0.1:{port}", "-cert", CertPath[1..], "-key", KeyPath[1..], "-cert_chain", ChainPath[1..]],
            WorkingDir = "/",
            Certificates =
            [
                new CertificateRequestSpec
                {
                    Subject = Domain, AltNames = ["DNS:" + Domain], KeyType = "ec", KeyParam = new KeyParamSpec { Curve = "P-256" },
                    KeyPath = KeyPath, CertPath = CertPath, ChainPath = ChainPath,
                },
            ],
            CaCertificates = [new CaCertificateSpec { CaPath = CaPath }],
            Heartbeat = new HeartbeatSpec { Enabled = true, IntervalSeconds = 5 },
            IsvProdId = 1,
            IsvSvn = 1,
        };
        File.WriteAllBytes(demo.ManifestPath, EnclaveManifestSerializer.Serialize(manifest));
        return demo;
    }

    /// <summary>
    /// Runs <c>ccm enclave measure --update --sigstruct-out ... --json</c> — the same code an operator runs — and returns
    /// its mrenclave, mrsigner, isvprodid and isvsvn.
    /// </summary>
    public async Task<JsonElement> MeasureAsync(string runtime)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await CcmApp.RunAsync(
            ["enclave", "measure", "--root", Root, "--manifest", ManifestPath, "--runtime", runtime, "--update", "--sigstruct-out", SigstructPath, "--json"],
            output, errors).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new QuickstartException($"ccm enclave measure failed ({exit}): {errors.ToString().Trim()} {output.ToString().Trim()}".TrimEnd());
        }

        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    public string InRoot(string path) => Path.Combine(Root, path.TrimStart('/'));

    private static string FindOpenssl()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "openssl")).Prepend("/usr/bin/openssl");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new QuickstartException("The demo workload is openssl s_server, and openssl is not installed (e.g. apt-get install openssl).");
    }
}

/// <summary>A quickstart step failed; the message says why (exit 1).</summary>
internal sealed class QuickstartException(string message) : Exception(message);
