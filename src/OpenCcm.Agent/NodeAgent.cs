using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent.Enrollment;
using OpenCcm.Agent.Heartbeats;
using OpenCcm.Agent.LocalApi;
using OpenCcm.Agent.Manager;
using OpenCcm.Agent.Platforms;

namespace OpenCcm.Agent;

/// <summary>
/// A running node agent (docs/node-agent.md): the node identity (enrolled once, kept in the data directory), the local
/// API on loopback TCP and optionally a Unix socket, status reports and the heartbeat relay. <see cref="StartAsync"/>
/// returns once the API listens; <see cref="DisposeAsync"/> stops everything.
/// </summary>
public sealed class NodeAgent : IAsyncDisposable
{
    private readonly IAgentPlatform _platform;
    private readonly NodeSession _session;
    private readonly WebApplication _app;
    private readonly StatusReporter _status;
    private readonly HeartbeatBuffer _buffer;
    private readonly HeartbeatRelay _relay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggerFactory _loggers;
    private Task _loops = Task.CompletedTask;

    private NodeAgent(AgentOptions options, IAgentPlatform platform, ILoggerFactory loggers)
    {
        _platform = platform;
        _loggers = loggers;
        var version = typeof(NodeAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        _session = new NodeSession(options, platform, new NodeIdentityStore(options.DataDirectory), loggers.CreateLogger("OpenCcm.Agent.Node"));
        _status = new StatusReporter(options, _session, version, loggers.CreateLogger("OpenCcm.Agent.Status"));
        _buffer = new HeartbeatBuffer(options.HeartbeatBufferCapacity);
        _relay = new HeartbeatRelay(options, _buffer, (batch, cancellationToken) =>
            _session.PostAsync("v1/heartbeats", batch, RelayJson.Default.HeartbeatBatch, cancellationToken), loggers.CreateLogger("OpenCcm.Agent.Heartbeats"));
        var tasks = new TaskRegistry(options.TaskCapacity);
        var endpoints = new LocalApiEndpoints(
            options, platform, _session, new WorkloadAttestation(options, platform, _session),
            new IssuanceForwarder(options, _session, tasks, loggers.CreateLogger("OpenCcm.Agent.Issuance")), _buffer, version,
            loggers.CreateLogger("OpenCcm.Agent.LocalApi"));
        _app = BuildApp(options, loggers, endpoints);
    }

    /// <summary>The node id (null until enrolled).</summary>
    public Guid? NodeId => _session.Identity?.NodeId;

    /// <summary>The local API's base URL on TCP, e.g. http://127.0.0.1:9092/v1 (Fortanix's NODE_AGENT_BASE_URL).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Enrollments made by this process (0 when the stored identity was used).</summary>
    public int Enrollments => _session.Enrollments;

    /// <summary>Whether the manager said this node is deactivated.</summary>
    public bool Deactivated => _session.Deactivated;

    /// <summary>Heartbeats waiting for the manager's acknowledgement.</summary>
    public int BufferedHeartbeats => _buffer.Count;

    /// <summary>Heartbeats the manager acknowledged.</summary>
    public long RelayedHeartbeats => _relay.Delivered;

    /// <summary>Loads or enrolls the node identity, reports status once, then serves the local API and starts the loops.</summary>
    public static async Task<NodeAgent> StartAsync(AgentOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.MinimumLogLevel));
        var platform = options.Platform == "simulated" ? new SimulatedAgentPlatform(options.SimulatedDirectory) : HardwareAgentPlatform.Create(options.Platform);
        var agent = new NodeAgent(options, platform, loggers);
        try
        {
            await agent._session.StartAsync(cancellationToken).ConfigureAwait(false);
            var first = await agent._status.ReportOnceAsync(cancellationToken).ConfigureAwait(false);
            if (first?.Problem is { IsRevoked: true } && agent._session.Identity is { } revoked)
            {
                // Re-enroll now rather than serve workloads with a revoked certificate.
                await agent._session.EnrollAsync("the stored node certificate is revoked", cancellationToken, revoked).ConfigureAwait(false);
            }

            await agent._app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = agent._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .First(a => a.StartsWith("http://", StringComparison.Ordinal) && !a.Contains("unix:", StringComparison.Ordinal));
            agent.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
            agent._loops = Task.WhenAll(
                agent._status.RunAsync(agent._stopping.Token), options.RelayDisabled ? Task.CompletedTask : agent._relay.RunAsync(agent._stopping.Token));
            return agent;
        }
        catch
        {
            await agent.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (SIGINT/SIGTERM through its console lifetime, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _session.Dispose();
        _platform.Dispose();
        _stopping.Dispose();
    }

    private static WebApplication BuildApp(AgentOptions options, ILoggerFactory loggers, LocalApiEndpoints endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = LocalApiEndpoints.MaxBodyBytes;
            var endpoint = ParseListen(options.Listen);
            kestrel.Listen(endpoint);
            if (options.UnixSocket is { Length: > 0 } socket)
            {
                File.Delete(socket);
                kestrel.ListenUnixSocket(socket);
            }
        });
        var app = builder.Build();
        endpoints.Map(app);
        return app;
    }

    /// <summary>host:port with a loopback host: local attestation is a same-machine protocol (Fortanix: "must be on localhost").</summary>
    internal static IPEndPoint ParseListen(string listen)
    {
        if (!IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--listen '{listen}' is not host:port with an IP address.", nameof(listen));
        }

        return IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : throw new ArgumentException($"--listen '{listen}' is not a loopback address; the local API serves this machine only.", nameof(listen));
    }
}
