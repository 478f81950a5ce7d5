using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Container.Tests;

/// <summary>
/// Everything one test runs, started fresh and removed afterwards: a registry holding base images A and B, a manager
/// (child process) with an app for <see cref="Domain"/>, a node agent (<c>ccm agent</c> child process) enrolled with
/// it, both on one simulated platform directory; containers started through <see cref="RunContainer"/> are removed
/// with <c>podman rm -f</c> and their images with <c>podman rmi</c>. Names and ports are unique per scenario.
/// </summary>
internal sealed class ContainerScenario : IAsyncDisposable
{
    public const string Domain = "shop.container.test";

    private readonly List<string> _containers = [];
    private readonly List<string> _images = [];
    private ConverterTestRegistry? _registry;
    private DynamicProgramImages? _bases;
    private ManagerChild? _manager;
    private ChildProcess? _agent;

    private ContainerScenario()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ccm-container-").FullName;
        SimulatedDirectory = Path.Combine(Directory, "simulated");
        System.IO.Directory.CreateDirectory(SimulatedDirectory);
        TlsPort = FreePort();
    }

    /// <summary>Under /tmp: the converted images declare <c>tmp</c> a rwDir, so the simulated directory mounted there is not a trusted-file question.</summary>
    public string Directory { get; }

    public string SimulatedDirectory { get; }

    /// <summary>The loopback port openssl s_server listens on in the container (host network).</summary>
    public int TlsPort { get; }

    public string Registry => _registry!.Address;

    public ManagerChild Manager => _manager!;

    /// <summary>The agent's local API, as NODE_AGENT_BASE_URL (http://127.0.0.1:PORT/v1).</summary>
    public string AgentUrl { get; private set; } = "";

    public string ZoneRootFile => Path.Combine(Directory, "zone-root.pem");

    public string CertificateJson => JsonSerializer.Serialize(new
    {
        issuer = "MANAGER_CA", subject = Domain, altNames = new[] { "DNS:" + Domain }, keyType = "ec", keyParam = new { curve = "P-256" },
        keyPath = DynamicProgramImages.KeyPath, certPath = DynamicProgramImages.CertPath, chainPath = DynamicProgramImages.ChainPath,
    });

    public static async Task<ContainerScenario> StartAsync()
    {
        var scenario = new ContainerScenario();
        try
        {
            await scenario.InitializeAsync();
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>ccm convert</c> (child process) of base <paramref name="tag"/> into conf-TAG:1 with the certificate request, heartbeats every second, rwDirs run/ccm and tmp.</summary>
    public async Task<JsonElement> ConvertAsync(string tag)
    {
        var result = await Ccm.RunAsync(
            "convert", "--from", $"{Registry}/base-{tag}:1", "--to", $"{Registry}/conf-{tag}:1", "--insecure-registry", Registry,
            "--signing-key", Path.Combine(Directory, "signing-key.pem"), "--runtime", ContainerTools.RuntimePath(),
            "--certificate", CertificateJson, "--rw-dir", "run/ccm", "--rw-dir", "tmp", "--heartbeat", "1", "--isvprodid", "3", "--isvsvn", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// <c>podman run</c> of a converted image (attached: its output is the runtime's and the workload's), with the
    /// node agent's URL and the shared simulated platform mounted at the same path.
    /// </summary>
    public ChildProcess RunContainer(JsonElement conversion, out string name)
    {
        name = $"ccm-test-{Guid.NewGuid():N}";
        var image = conversion.GetProperty("newImage").GetString()!;
        _containers.Add(name);
        if (!_images.Contains(image))
        {
            _images.Add(image);
        }

        return ContainerTools.StartPodman([
            .. ContainerTools.RunOptions, "--rm", "--name", name, "--pull=always",
            "-e", $"NODE_AGENT_BASE_URL={AgentUrl}", "-e", $"CCM_SIMULATED_DIR={SimulatedDirectory}", "-v", $"{SimulatedDirectory}:{SimulatedDirectory}",
            image]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await ContainerTools.PodmanAsync("rm", "-f", "--ignore", "-t", "0", container);
        }

        foreach (var image in _images)
        {
            await ContainerTools.PodmanAsync("rmi", "-f", "--ignore", image);
        }

        _agent?.Dispose();
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        _bases?.Dispose();
        _registry?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task InitializeAsync()
    {
        _registry = ConverterTestRegistry.Start();
        _bases = new DynamicProgramImages(Path.Combine(Directory, "images"), TlsPort);
        _bases.Push("a", $"{Registry}/base-a:1");
        _bases.Push("b", $"{Registry}/base-b:1");
        await ProbePodmanAsync();
        using (var key = EnclaveSigningKeys.Generate())
        {
            EnclaveSigningKeys.Save(key, Path.Combine(Directory, "signing-key.pem"));
        }

        _manager = await ManagerChild.StartAsync(Directory, SimulatedDirectory, Domain);
        await File.WriteAllTextAsync(ZoneRootFile, _manager.ZoneRoot);
        _agent = Ccm.Start(
            new Dictionary<string, string> { ["CCM_SIMULATED_DIR"] = SimulatedDirectory },
            "agent", "--manager", _manager.Url.AbsoluteUri, "--join-token", _manager.JoinToken, "--manager-ca", _manager.CaFile,
            "--platform", "simulated", "--data-dir", Path.Combine(Directory, "agent"), "--listen", "127.0.0.1:0", "--name", "podman-host");
        var line = await _agent.WaitForLineAsync("OpenCCM node agent: ", TimeSpan.FromSeconds(90));
        AgentUrl = line[(line.IndexOf("NODE_AGENT_BASE_URL=", StringComparison.Ordinal) + "NODE_AGENT_BASE_URL=".Length)..];
    }

    /// <summary>
    /// Runs the unconverted base image once (<c>openssl version</c>): when podman or runc cannot run any container
    /// here (rootless without subuid ranges, cgroups, rlimits...) the tests are skipped with podman's own words, and
    /// a failure afterwards can only be the converted image's.
    /// </summary>
    private async Task ProbePodmanAsync()
    {
        var image = $"{Registry}/base-a:1";
        _images.Add(image);
        var probe = await ContainerTools.PodmanAsync([.. ContainerTools.RunOptions, "--rm", "--entrypoint", DynamicProgramImages.Program, image, "version"]);
        Skip.If(probe.ExitCode != 0 || !probe.Output.StartsWith("OpenSSL ", StringComparison.Ordinal),
            $"podman with runc cannot run a container here (probe: podman run {image} openssl version): {probe}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
