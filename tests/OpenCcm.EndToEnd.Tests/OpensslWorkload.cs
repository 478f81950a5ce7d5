using System.Diagnostics;
using System.Security.Cryptography;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Runtime.Tests;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>
/// A workload root holding a copy of the host's openssl (a trusted file) and optionally a /bin/sh script as the
/// entrypoint, an rw directory "out", and a manifest asking for one EC certificate for <see cref="Domain"/> and the zone
/// root at run/ccm — measured for the published runtime and signed, as `ccm enclave measure` does.
/// </summary>
internal sealed class OpensslWorkload : IDisposable
{
    private static readonly Lazy<RSA> SigningKey = new(EnclaveSigningKeys.Generate);

    public OpensslWorkload(string domain, IReadOnlyList<string> opensslArgs, string? script = null, Dictionary<string, string>? env = null)
    {
        Domain = domain;
        Directory.CreateDirectory(Path.Combine(Root, "usr", "bin"));
        Directory.CreateDirectory(Path.Combine(Root, "out"));
        var openssl = InRoot("/usr/bin/openssl");
        File.Copy("/usr/bin/openssl", openssl);
        if (script is not null)
        {
            File.WriteAllText(InRoot("/usr/bin/client"), script.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
            File.SetUnixFileMode(InRoot("/usr/bin/client"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var manifest = new EnclaveManifest
        {
            Name = "e2e-" + domain,
            Entrypoint = script is null ? "/usr/bin/openssl" : "/usr/bin/client",
            Args = opensslArgs,
            Env = env ?? [],
            WorkingDir = "/",
            RwDirs = ["out"],
            Certificates =
            [
                new CertificateRequestSpec
                {
                    Subject = domain, AltNames = ["DNS:" + domain], KeyType = "ec", KeyParam = new KeyParamSpec { Curve = "P-256" },
                    KeyPath = "/run/ccm/key.pem", CertPath = "/run/ccm/cert.pem", ChainPath = "/run/ccm/chain.pem",
                },
            ],
            CaCertificates = [new CaCertificateSpec { CaPath = "/run/ccm/zone-root.pem" }],
            Heartbeat = new HeartbeatSpec { Enabled = true, IntervalSeconds = 1 },
            IsvProdId = 2,
            IsvSvn = 1,
        };
        manifest = TrustedFileHasher.Update(Root, manifest);
        var bytes = EnclaveManifestSerializer.Serialize(manifest);
        File.WriteAllBytes(ManifestPath, bytes);
        MrEnclave = EnclaveMeasurement.Measure(RuntimeBinary.Path, bytes).MrEnclave;
        File.WriteAllBytes(ManifestPath + ".sigstruct", EnclaveSigner.Sign(SigningKey.Value, new EnclaveSigningRequest(MrEnclave, manifest.IsvProdId, manifest.IsvSvn, false)));
    }

    public static byte[] MrSigner => EnclaveMeasurement.MrSigner(SigningKey.Value);

    public string Domain { get; }

    public byte[] MrEnclave { get; }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-e2e-{Guid.NewGuid():N}");

    public string Root => Path.Combine(WorkDirectory, "root");

    public string ManifestPath => Path.Combine(WorkDirectory, "manifest.json");

    public string InRoot(string path) => Path.Combine(Root, path.TrimStart('/'));

    /// <summary>Starts the runtime for this workload, stdin closed (openssl reads none).</summary>
    public RuntimeRun Start(string simulatedDirectory, Uri agent)
    {
        var start = new ProcessStartInfo(RuntimeBinary.Path)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--manifest", ManifestPath, "--root", Root, "--agent", agent.AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CCM_SIMULATED_DIR"] = simulatedDirectory;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new RuntimeRun(process);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
