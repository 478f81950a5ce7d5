namespace OpenCcm.Runtime.Heartbeats;

/// <summary>A signed heartbeat as the agent's <c>POST /v1/heartbeat</c> takes it (bytes; base64 on the wire).</summary>
public sealed record SignedHeartbeat(byte[] Payload, byte[] Signature, string CertificatePem);

/// <summary>Delivers heartbeats to the node agent. Throws on any failure; the loop decides what to do.</summary>
public interface IHeartbeatSender
{
    Task SendAsync(SignedHeartbeat heartbeat, CancellationToken cancellationToken);
}
