using OpenCcm.AgentProtocol;

namespace OpenCcm.Runtime.Heartbeats;

/// <summary>Delivers heartbeats to the node agent (<c>POST /v1/heartbeat</c>). Throws on any failure; the loop decides what to do.</summary>
public interface IHeartbeatSender
{
    Task SendAsync(HeartbeatEnvelope heartbeat, CancellationToken cancellationToken);
}
