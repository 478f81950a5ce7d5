namespace OpenCcm.Cli.Tests;

/// <summary><c>ccm bench issue</c> runs the whole issuance path and prints its figures; the test checks their shape, not speed.</summary>
public class BenchIssueTests
{
    [Fact]
    public void IssuesCertificates_ThroughTheAgentsPath_AndPrintsLatencies()
    {
        var (code, json) = Ccm.RunJson("bench", "issue", "--concurrency", "2", "--seconds", "1", "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("issued").GetInt64() > 0);
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("p99Ms").GetDouble() >= json.GetProperty("p50Ms").GetDouble());
        Assert.True(json.GetProperty("cryptoLimitOpsPerSecond").GetDouble() > 0);
        Assert.Equal("sqlite", json.GetProperty("database").GetString());
    }
}
