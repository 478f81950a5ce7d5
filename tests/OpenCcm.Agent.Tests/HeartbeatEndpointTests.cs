using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.Tests;

/// <summary>POST /v1/heartbeat on the agent: signature over the exact payload bytes and the chain to the zone root.</summary>
public sealed class HeartbeatEndpointTests(ManagerWithZone manager) : IClassFixture<ManagerWithZone>
{
    [Fact]
    public async Task A_signed_heartbeat_from_a_zone_certificate_is_accepted_and_tampering_is_refused()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);
        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);
        Assert.Equal(TaskStatuses.Success, task.TaskStatus);
        var payload = new HeartbeatPayload(Guid.NewGuid(), 1, HeartbeatStatuses.Running, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5);

        var envelope = HeartbeatSigning.CreateEnvelope(payload, workload.Key, task.Certificate!);
        Assert.Equal("OK", (await client.SendHeartbeatAsync(envelope)).Status);

        // The same signature over other bytes (sequence 2 instead of 1).
        var other = JsonSerializer.SerializeToUtf8Bytes(payload with { Sequence = 2 }, AgentProtocolJson.Default.HeartbeatPayload);
        var refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.SendHeartbeatAsync(envelope with { Payload = Convert.ToBase64String(other) }));
        Assert.Equal((AgentErrorCodes.HeartbeatSignatureInvalid, 401), (refused.Code, refused.Status));

        // Signed by another key than the certificate's.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.SendHeartbeatAsync(HeartbeatSigning.CreateEnvelope(payload, stranger, task.Certificate!)));
        Assert.Equal(AgentErrorCodes.HeartbeatSignatureInvalid, refused.Code);

        // A certificate of no zone CA (self-signed), correctly signed.
        using var selfSigned = new CertificateRequest("CN=stranger", stranger, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.SendHeartbeatAsync(
            HeartbeatSigning.CreateEnvelope(payload, stranger, selfSigned.ExportCertificatePem())));
        Assert.Equal((AgentErrorCodes.HeartbeatCertificateUntrusted, 403), (refused.Code, refused.Status));

        // Not the payload JSON.
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.SendHeartbeatAsync(
            new HeartbeatEnvelope(Convert.ToBase64String("{}"u8), envelope.Signature, task.Certificate)));
        Assert.Equal((AgentErrorCodes.HeartbeatPayloadInvalid, 400), (refused.Code, refused.Status));
    }

    [Fact]
    public async Task A_full_buffer_refuses_heartbeats_with_503()
    {
        var options = manager.AgentOptions(manager.NewDataDirectory());
        // The relay does not run, so the buffer fills.
        await using var agent = await NodeAgent.StartAsync(new AgentOptions
        {
            ManagerUrl = options.ManagerUrl, JoinToken = options.JoinToken, ManagerCaFile = options.ManagerCaFile, DataDirectory = options.DataDirectory,
            SimulatedDirectory = options.SimulatedDirectory, Listen = options.Listen, StatusIntervalSeconds = 3600, HeartbeatBufferCapacity = 2,
            MinimumLogLevel = options.MinimumLogLevel, RelayDisabled = true,
        });
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);
        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);
        var instance = Guid.NewGuid();
        HeartbeatEnvelope Beat(long sequence) => HeartbeatSigning.CreateEnvelope(
            new HeartbeatPayload(instance, sequence, HeartbeatStatuses.Running, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5), workload.Key, task.Certificate!);

        await client.SendHeartbeatAsync(Beat(1));
        await client.SendHeartbeatAsync(Beat(2));
        var refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.SendHeartbeatAsync(Beat(3)));
        Assert.Equal((AgentErrorCodes.HeartbeatBufferFull, 503), (refused.Code, refused.Status));
        Assert.Equal(2, agent.BufferedHeartbeats);
    }
}
