using System.Diagnostics;
using System.Text;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Runtime.Tests;

/// <summary>
/// A workload root for the runtime: a /bin/sh script as the entrypoint (usr/bin/app), an rw directory "out" where the
/// script reports what it saw, a manifest with the trusted files hashed, and a SIGSTRUCT signed for the measurement of
/// the published runtime with this manifest (what `ccm enclave measure` does).
/// </summary>
internal sealed class TestWorkload : IDisposable
{
    public const string Script = """
        #!/bin/sh
        printf '%s\n' "$@" > out/args
        env > out/env
        [ -r run/ccm/key.pem ] && echo yes > out/key-readable
        case "$MODE" in
          exit) exit "${EXIT_CODE:-0}" ;;
          selfkill) kill -9 $$ ;;
          wait-term)
            trap 'echo term > out/term; exit 42' TERM
            trap 'echo usr1 >> out/usr1' USR1
            echo ready > out/ready
            while :; do sleep 0.05; done ;;
          reload)
            trap 'echo hup >> out/hup' HUP
            echo ready > out/ready
            i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); [ -e out/stop ] && exit 0; done ;;
          sleep) sleep "${SLEEP:-1}"; exit 0 ;;
        esac
        exit 0
        """;

    private static readonly Lazy<System.Security.Cryptography.RSA> SigningKey = new(EnclaveSigningKeys.Generate);

    public TestWorkload(Dictionary<string, string>? env = null, Func<EnclaveManifest, EnclaveManifest>? customize = null)
    {
        Directory.CreateDirectory(Path.Combine(Root, "usr", "bin"));
        Directory.CreateDirectory(Path.Combine(Root, "out"));
        var app = Path.Combine(Root, "usr", "bin", "app");
        File.WriteAllText(app, Script.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var manifest = new EnclaveManifest
        {
            Version = 1,
            Name = "test",
            Entrypoint = "/usr/bin/app",
            Args = ["first", "second arg"],
            Env = env ?? new Dictionary<string, string> { ["MODE"] = "exit" },
            WorkingDir = "/",
            RwDirs = ["out"],
            Certificates =
            [
                new CertificateRequestSpec
                {
                    Subject = "app.example", AltNames = ["DNS:app.example", "DNS:app.internal"], KeyType = "ec",
                    KeyParam = new KeyParamSpec { Curve = "P-256" }, KeyPath = "/run/ccm/key.pem", CertPath = "/run/ccm/cert.pem",
                    ChainPath = "/run/ccm/chain.pem",
                },
            ],
            CaCertificates = [new CaCertificateSpec { CaPath = "/run/ccm/zone-root.pem" }],
            Heartbeat = new HeartbeatSpec { Enabled = true, IntervalSeconds = 1 },
            IsvProdId = 7,
            IsvSvn = 3,
        };
        manifest = customize?.Invoke(manifest) ?? manifest;
        Manifest = TrustedFileHasher.Update(Root, manifest);
        WriteManifestAndSign(Manifest);
    }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-runtime-test-{Guid.NewGuid():N}");

    public string Root => Path.Combine(WorkDirectory, "root");

    public string ManifestPath => Path.Combine(WorkDirectory, "manifest.json");

    public string SigstructPath => ManifestPath + ".sigstruct";

    public EnclaveManifest Manifest { get; private set; }

    public byte[] MrEnclave { get; private set; } = [];

    public string Out(string name) => Path.Combine(Root, "out", name);

    public string InRoot(string path) => Path.Combine(Root, path.TrimStart('/'));

    /// <summary>Writes the manifest and a SIGSTRUCT for it; <paramref name="signedManifest"/> (default: the same) is what gets measured.</summary>
    public void WriteManifestAndSign(EnclaveManifest manifest, byte[]? signedManifestBytes = null)
    {
        var bytes = EnclaveManifestSerializer.Serialize(manifest);
        File.WriteAllBytes(ManifestPath, bytes);
        Manifest = manifest;
        MrEnclave = EnclaveMeasurement.Measure(RuntimeBinary.Path, signedManifestBytes ?? bytes).MrEnclave;
        File.WriteAllBytes(SigstructPath, EnclaveSigner.Sign(SigningKey.Value, new EnclaveSigningRequest(MrEnclave, manifest.IsvProdId, manifest.IsvSvn, manifest.Debug)));
    }

    public static byte[] MrSigner => EnclaveMeasurement.MrSigner(SigningKey.Value);

    /// <summary>Starts the runtime for this workload against <paramref name="agentUrl"/>.</summary>
    public RuntimeRun Start(string agentUrl, params string[] extra) => StartOn(SimulatedDirectory.Path, agentUrl, extra);

    /// <summary>Starts the runtime on the simulated platform in <paramref name="simulatedDirectory"/>.</summary>
    public RuntimeRun StartOn(string simulatedDirectory, string agentUrl, params string[] extra)
    {
        var start = new ProcessStartInfo(RuntimeBinary.Path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--manifest", ManifestPath, "--root", Root, "--agent", agentUrl, "--timings-json", Path.Combine(WorkDirectory, "timings.json"), .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CCM_SIMULATED_DIR"] = simulatedDirectory;
        return new RuntimeRun(Process.Start(start)!);
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

/// <summary>The simulated platform directory shared by the fake agent and every runtime of this test run.</summary>
internal static class SimulatedDirectory
{
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ccm-runtime-sim-{Environment.ProcessId}");
}

/// <summary>A running ccm-runtime: its stderr collected, its exit awaited with a timeout.</summary>
internal sealed class RuntimeRun : IDisposable
{
    private readonly StringBuilder _stderr = new();

    public RuntimeRun(Process process)
    {
        Process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public Process Process { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async Task<int> WaitAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await Process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException("ccm-runtime did not exit in time; stderr:\n" + Stderr);
        }

        Process.WaitForExit(); // drain the redirected streams
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
