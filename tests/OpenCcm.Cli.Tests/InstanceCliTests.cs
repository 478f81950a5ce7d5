using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm instance list|show</c> against a real manager on a loopback port, the CLI in-process. Instances come from
/// heartbeats over node mTLS (the manager's HeartbeatTests; <c>ccm bench heartbeat</c> below); here: the empty list and
/// its columns, the filters reaching the manager, an unknown id, and no session.
/// </summary>
[Collection(SerialEnvironment.Name)]
public sealed class InstanceCliTests : InProcessManagerTest
{
    [Fact]
    public void AnEmptyAccount_ListsNoInstances_AndTheFiltersReachTheManager()
    {
        LogIn();
        var accountId = Json("account", "create", "instances-empty", "--json").GetProperty("acct_id").GetString()!;
        Json("account", "select", accountId, "--json");

        var list = Json("instance", "list", "--json");
        var table = Table("instance", "list");
        var filtered = Json("instance", "list", "--app", Guid.NewGuid().ToString(), "--build", Guid.NewGuid().ToString(), "--node", Guid.NewGuid().ToString(),
            "--status", "UNRESPONSIVE", "--json");
        var (badCode, badOutput, badError) = Ccm.Run("instance", "list", "--status", "SLEEPING");
        var (unknownCode, _, unknownError) = Ccm.Run("instance", "show", Guid.NewGuid().ToString());

        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Contains("message_count", table, StringComparison.Ordinal);
        Assert.Contains("0 shown of 0", table, StringComparison.Ordinal);
        Assert.Equal(0, filtered.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(2, badCode);
        Assert.Contains("ValidationFailed", badError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, badOutput);
        Assert.Equal(2, unknownCode);
        Assert.Contains("NotFound", unknownError, StringComparison.Ordinal);
        Assert.Equal(2, Ccm.Run("instance", "show", "not-a-uuid").ExitCode);
    }

    [Fact]
    public void WithoutASession_EveryInstanceCommandSaysHowToLogIn()
    {
        foreach (var args in new[] { new[] { "instance", "list" }, ["instance", "show", Guid.NewGuid().ToString()] })
        {
            var (code, output, error) = Ccm.Run(args);

            Assert.Equal(2, code);
            Assert.Contains("ccm login", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }
    }

    private void LogIn()
    {
        var (code, output, error) = Ccm.Run("login", "--manager", Url, "--email", Email);
        Assert.True(code == 0, output + error);
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = Ccm.Run(args);
        Assert.True(code == 0, $"ccm {string.Join(' ', args)} exited {code}: {output}{error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string Table(params string[] args)
    {
        var (code, output, error) = Ccm.Run(args);
        Assert.True(code == 0, $"ccm {string.Join(' ', args)} exited {code}: {output}{error}");
        return output;
    }
}
