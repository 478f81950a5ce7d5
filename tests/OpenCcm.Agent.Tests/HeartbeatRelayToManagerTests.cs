using System.Text.Json;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.Tests;

/// <summary>Heartbeats through the agent to the real manager's POST /v1/heartbeats, across a manager restart.</summary>
public sealed class HeartbeatRelayToManagerTests(ManagerWithZone manager) : IClassFixture<ManagerWithZone>
{
    [Fact]
    public async Task Heartbeats_buffered_while_the_manager_restarts_all_reach_it()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);
        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);
        Assert.Equal(TaskStatuses.Success, task.TaskStatus);
        var instance = Guid.NewGuid();
        Task Beat(long sequence) => client.SendHeartbeatAsync(HeartbeatSigning.CreateEnvelope(
            new HeartbeatPayload(instance, sequence, HeartbeatStatuses.Running, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5), workload.Key, task.Certificate!));

        await Beat(1);
        await Beat(2);
        await WaitForAsync(() => agent.RelayedHeartbeats == 2);

        await manager.RestartAsync(async () =>
        {
            for (var sequence = 3; sequence <= 20; sequence++)
            {
                await Beat(sequence);
            }

            await Task.Delay(300); // the relay tries, fails, backs off
            Assert.True(agent.BufferedHeartbeats > 0);
        });

        await WaitForAsync(() => agent.BufferedHeartbeats == 0);
        Assert.Equal(20, agent.RelayedHeartbeats);
        var found = await manager.GetAsync($"v1/instances/{instance}");
        Assert.Equal(20, found.GetProperty("message_count").GetInt64());
        Assert.Equal(20, found.GetProperty("last_sequence").GetInt64());
        Assert.Equal(agent.NodeId.ToString(), found.GetProperty("node_id").GetString());
        Assert.Equal("RUNNING", found.GetProperty("status").GetString());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
