namespace OpenCcm.Enclave.Manifest;

/// <summary>Signed heartbeats the runtime sends through the node agent (CONTRACTS-5.md).</summary>
public sealed record HeartbeatSpec
{
    public bool Enabled { get; set; }

    public int IntervalSeconds { get; set; } = 5;
}
