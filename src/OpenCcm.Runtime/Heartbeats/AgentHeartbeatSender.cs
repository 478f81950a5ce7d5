using OpenCcm.AgentProtocol;

namespace OpenCcm.Runtime.Heartbeats;

/// <summary>Sends heartbeats with <see cref="NodeAgentClient.SendHeartbeatAsync"/>.</summary>
public sealed class AgentHeartbeatSender(NodeAgentClient agent) : IHeartbeatSender
{
    public Task SendAsync(HeartbeatEnvelope heartbeat, CancellationToken cancellationToken) =>
        agent.SendHeartbeatAsync(heartbeat, cancellationToken);
}
