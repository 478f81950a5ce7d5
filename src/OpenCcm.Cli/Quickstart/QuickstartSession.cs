using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// Everything one quickstart run starts, in order — manager, node agent, demo workload — and stops in reverse:
/// the workload first (SIGTERM, forwarded by the runtime, whose "stopped" heartbeat still reaches the manager), then the
/// agent once its heartbeat buffer is delivered, then the manager.
/// </summary>
[UnsupportedOSPlatform("windows")] // Unix file modes; the runtime it runs is Linux-only
internal sealed class QuickstartSession(QuickstartDirectory directory, QuickstartOutput output) : IAsyncDisposable
{
    public const string AdminEmail = "admin@openccm.test";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private WebApplication? _manager;
    private NodeAgent? _agent;
    private RuntimeProcess? _workload;

    /// <summary>The step running now (named in a failure).</summary>
    public string CurrentStep { get; private set; } = "data directory";

    public RuntimeProcess? Workload => _workload;

    public async Task<QuickstartReady> StartAsync(QuickstartSettings settings, CancellationToken cancellationToken)
    {
        var step = Stopwatch.StartNew();
        void Done(string title, string detail)
        {
            output.Step(title, detail, step.Elapsed);
            step.Restart();
        }

        Done("data directory", directory.Root);

        CurrentStep = "ccm-runtime";
        var runtime = RuntimeLocator.Locate(output.Note);
        Done("ccm-runtime", runtime);

        CurrentStep = "manager";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        directory.WritePassword(password);
        var managerUrl = await StartManagerAsync(password, cancellationToken).ConfigureAwait(false);
        Done("manager", $"{managerUrl} (SQLite, simulated TEEs allowed)");

        CurrentStep = "administrator";
        using var api = await QuickstartApi.LogInAsync(new Uri(managerUrl), directory.ManagerCa, AdminEmail, password, cancellationToken).ConfigureAwait(false);
        Done("administrator", $"{AdminEmail} signed in");

        CurrentStep = "account and zone";
        var account = await api.PostAsync("v1/accounts", new { name = "quickstart" }, cancellationToken).ConfigureAwait(false);
        await api.PostAsync($"v1/accounts/select_account/{account.GetProperty("acct_id").GetString()}", null, cancellationToken).ConfigureAwait(false);
        var zoneId = account.GetProperty("default_zone_id").GetString();
        var zone = await api.GetAsync($"v1/zones/{zoneId}", cancellationToken).ConfigureAwait(false);
        var zoneRootPem = zone.GetProperty("certificate").GetString()!;
        await File.WriteAllTextAsync(directory.ZoneRoot, zoneRootPem, cancellationToken).ConfigureAwait(false);
        Done("account and zone", $"account quickstart, zone {zone.GetProperty("name").GetString()}; zone root {directory.ZoneRoot}");

        CurrentStep = "node agent";
        var token = (await api.GetAsync($"v1/zones/{zoneId}/token", cancellationToken).ConfigureAwait(false)).GetProperty("token").GetString()!;
        _agent = await NodeAgent.StartAsync(new AgentOptions
        {
            ManagerUrl = new Uri(managerUrl), JoinToken = token, ManagerCaFile = directory.ManagerCa, DataDirectory = directory.Agent,
            SimulatedDirectory = directory.Simulated, Listen = "127.0.0.1:0", NodeName = "quickstart-node", MinimumLogLevel = LogLevel.Warning,
        }, StderrLoggers(), cancellationToken).ConfigureAwait(false);
        Done("node agent", $"node {_agent.NodeId} enrolled with simulated SGX evidence; local API {_agent.BaseUrl}");

        CurrentStep = "demo app";
        var app = await api.PostAsync("v1/apps", new { name = "demo", allowed_domains = new[] { DemoWorkload.Domain } }, cancellationToken).ConfigureAwait(false);
        await api.ApproveAsync(app.GetProperty("pending_task_id").GetString()!, cancellationToken).ConfigureAwait(false);
        Done("demo app", $"demo, domain {DemoWorkload.Domain} approved");

        CurrentStep = "demo build";
        var demo = DemoWorkload.Create(directory.Demo, settings.Port == 0 ? FreePort() : settings.Port);
        var measured = await demo.MeasureAsync(runtime).ConfigureAwait(false);
        var mrenclave = measured.GetProperty("mrenclave").GetString()!;
        var build = await api.PostAsync("v1/builds", new
        {
            app_id = app.GetProperty("app_id").GetString(), mrenclave, mrsigner = measured.GetProperty("mrsigner").GetString(),
            isvprodid = measured.GetProperty("isvprodid").GetInt32(), isvsvn = measured.GetProperty("isvsvn").GetInt32(),
        }, cancellationToken).ConfigureAwait(false);
        await api.ApproveAsync(build.GetProperty("pending_task_id").GetString()!, cancellationToken).ConfigureAwait(false);
        Done("demo build", $"mrenclave {mrenclave[..16]}… measured by ccm enclave measure, approved");

        CurrentStep = "demo workload";
        _workload = RuntimeProcess.Start(runtime, demo, _agent.BaseUrl, directory.Simulated);
        using var zoneRoot = X509Certificate2.CreateFromPem(zoneRootPem);
        var answer = await WaitUntilServingAsync(demo, zoneRoot, cancellationToken).ConfigureAwait(false);
        Done("demo workload", $"openssl s_server under ccm-runtime (pid {_workload.Id}) on 127.0.0.1:{demo.Port}");
        CurrentStep = "verified HTTPS request";
        Done("verified HTTPS request", $"GET {demo.Url} → {(int)answer.Status}, certificate chains to the zone root only");

        var curl = $"curl --cacert {directory.ZoneRoot} --resolve {DemoWorkload.Domain}:{demo.Port}:127.0.0.1 {demo.Url}";
        return new QuickstartReady(
            managerUrl, directory.ManagerCa, AdminEmail, password, directory.PasswordFile, directory.ZoneRoot, zoneRootPem, demo.Url,
            answer.ServerCertificatePem, curl, _workload.InstanceId, demo.LogPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_workload is not null)
        {
            await _workload.DisposeAsync().ConfigureAwait(false);
            output.Note($"stopped the demo workload (ccm-runtime exit {_workload.ExitCode})");
        }

        if (_agent is not null)
        {
            // The runtime's last heartbeat ("stopped") is in the agent's buffer: give the relay a moment to deliver it.
            var deadline = DateTime.UtcNow.AddSeconds(3);
            while (_agent.BufferedHeartbeats > 0 && _manager is not null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }

            await _agent.DisposeAsync().ConfigureAwait(false);
            output.Note("stopped the node agent");
        }

        if (_manager is not null)
        {
            await _manager.StopAsync().ConfigureAwait(false);
            await _manager.DisposeAsync().ConfigureAwait(false);
            output.Note("stopped the manager");
        }
    }

    private async Task<string> StartManagerAsync(string password, CancellationToken cancellationToken)
    {
        var options = new ManagerOptions
        {
            DataDirectory = directory.Manager, AllowSimulated = true, SimulatedDirectory = directory.Simulated, AdminEmail = AdminEmail,
            AdminPassword = password, MinimumLogLevel = LogLevel.Error,
        };
        options.Listen.Add("https://127.0.0.1:0");
        // Errors only (its warnings are about a production setup, e.g. data protection keys), and to stderr, so that stdout carries only the quickstart's own output (the JSON with --json).
        _manager = ManagerHost.Build(options, ["--Logging:Console:LogToStandardErrorThreshold=Trace"]);
        await _manager.StartAsync(cancellationToken).ConfigureAwait(false);
        return _manager.Urls.First().TrimEnd('/');
    }

    /// <summary>Until the workload answers a verified request: its runtime first attests and writes the certificate, then starts openssl.</summary>
    private async Task<WorkloadProbe.Answer> WaitUntilServingAsync(DemoWorkload demo, X509Certificate2 zoneRoot, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var lastProblem = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_workload!.HasExited)
            {
                throw new QuickstartException(
                    $"the demo workload stopped (ccm-runtime exit {_workload.ExitCode}); its log ({demo.LogPath}) ends:\n{_workload.Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new QuickstartException($"no verified HTTPS answer from {demo.Url} within {ReadyTimeout.TotalSeconds} s: {lastProblem}");
            }

            if (File.Exists(demo.CertificateFile))
            {
                try
                {
                    var answer = await WorkloadProbe.GetAsync(demo.Url, zoneRoot, cancellationToken).ConfigureAwait(false);
                    if (answer.Status == HttpStatusCode.OK)
                    {
                        return answer;
                    }

                    lastProblem = $"HTTP {(int)answer.Status}";
                }
                catch (HttpRequestException e)
                {
                    lastProblem = e.InnerException?.Message ?? e.Message;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastProblem = "timed out";
                }
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ILoggerFactory StderrLoggers() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .SetMinimumLevel(LogLevel.Warning));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
