namespace OpenCcm.Enclave.Manifest;

/// <summary>Signed heartbeats the runtime sends through the node agent (CONTRACTS-5.md).</summary>
public sealed record HeartbeatSpec
{
    public bool Enabled { get; init; }

    public int IntervalSeconds { get; init; } = 5;
}
