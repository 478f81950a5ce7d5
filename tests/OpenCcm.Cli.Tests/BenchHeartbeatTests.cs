namespace OpenCcm.Cli.Tests;

/// <summary><c>ccm bench heartbeat</c> runs the agents' heartbeat path end to end and prints its figures; the test checks their shape, not speed.</summary>
public class BenchHeartbeatTests
{
    [Fact]
    public void IngestsHeartbeats_ThroughTheAgentsPath_AndPrintsLatencies()
    {
        var (code, json) = Ccm.RunJson("bench", "heartbeat", "--concurrency", "2", "--seconds", "1", "--batch", "50", "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("heartbeats").GetInt64() >= 100); // at least one round of both agents
        Assert.Equal(0, json.GetProperty("heartbeats").GetInt64() % 50);
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("p99Ms").GetDouble() >= json.GetProperty("p50Ms").GetDouble());
        Assert.True(json.GetProperty("cpuLimitOpsPerSecond").GetDouble() > 0);
        Assert.Equal(100, json.GetProperty("instances").GetInt32());
    }
}
