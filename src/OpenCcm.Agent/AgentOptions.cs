using Microsoft.Extensions.Logging;

namespace OpenCcm.Agent;

/// <summary>How a node agent runs (<c>ccm agent</c> options; docs/node-agent.md).</summary>
public sealed class AgentOptions
{
    /// <summary>The local API's default address (Fortanix's port).</summary>
    public const string DefaultListen = "127.0.0.1:9092";

    /// <summary>The manager's base URL (https://host:port).</summary>
    public required Uri ManagerUrl { get; init; }

    /// <summary>The zone join token used to enroll (and to re-enroll when the node certificate is gone, revoked or near expiry).</summary>
    public required string JoinToken { get; init; }

    /// <summary>A PEM file of the CA(s) the manager's TLS certificate chains to (its manager-ca.pem); null = the system's trust.</summary>
    public string? ManagerCaFile { get; init; }

    /// <summary>simulated, sgx, tdx, snp or nitro.</summary>
    public string Platform { get; init; } = "simulated";

    /// <summary>Where the node key (0600), node certificate, zone chain and node.json are kept.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The simulated TEE directory (default: CCM_SIMULATED_DIR, else ~/.local/share/openccm/simulated).</summary>
    public string? SimulatedDirectory { get; init; }

    /// <summary>host:port of the local API, a loopback address (port 0 picks a free one).</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>An optional Unix socket path for the local API too.</summary>
    public string? UnixSocket { get; init; }

    /// <summary>The node's name at enrollment (default: the host name).</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Seconds between status reports (POST /v1/node/status); null = the zone's node_refresh_interval once known, 60 s before.</summary>
    public int? StatusIntervalSeconds { get; init; }

    /// <summary>Heartbeats kept for the manager at most; beyond, new ones are refused with 503 HeartbeatBufferFull.</summary>
    public int HeartbeatBufferCapacity { get; init; } = 100_000;

    /// <summary>Heartbeats per POST /v1/heartbeats.</summary>
    public int HeartbeatBatchSize { get; init; } = 1_000;

    /// <summary>First retry delay of the relay; doubles per failure up to <see cref="RelayMaxBackoff"/>.</summary>
    public TimeSpan RelayInitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RelayMaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Certificate tasks remembered for /v1/certificate/result (oldest forgotten first).</summary>
    public int TaskCapacity { get; init; } = 10_000;

    /// <summary>How long an attestation certificate is valid (capped at the node certificate's notAfter).</summary>
    public TimeSpan AttestationCertificateLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Tests only: the relay does not run, so heartbeats stay buffered.</summary>
    internal bool RelayDisabled { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
