using Microsoft.Data.Sqlite;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm login</c> and <c>ccm audit verify</c> against a real manager on a loopback port: the chain verifies, and a
/// row changed behind the manager's back is found (the client recomputes every hash itself).
/// </summary>
[Collection(SerialEnvironment.Name)]
public sealed class AuditVerifyCliTests : InProcessManagerTest
{
    [Fact]
    public void Login_ThenVerify_SaysIntact_AndFindsATamperedRow()
    {
        var (login, output, error) = Ccm.Run("login", "--manager", Url, "--email", Email);
        Assert.True(login == 0, output + error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(TestDirectory, "config", "session.json")));

        var (intact, json) = Ccm.RunJson("audit", "verify", "--json");
        Assert.Equal(0, intact);
        Assert.True(json.GetProperty("intact").GetBoolean());
        Assert.True(json.GetProperty("entriesChecked").GetInt64() >= 1); // at least the login

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(TestDirectory, "manager", "ccm.db")}"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE audit_entries SET actor = 'someone else' WHERE sequence = 1";
            Assert.Equal(1, tamper.ExecuteNonQuery());
        }

        var (broken, brokenJson) = Ccm.RunJson("audit", "verify", "--json");
        Assert.Equal(1, broken);
        Assert.Equal(1, brokenJson.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public void WithoutASession_AdminCommandsSayHowToLogIn()
    {
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(TestDirectory, "empty"));

        var (code, _, error) = Ccm.Run("audit", "verify");

        Assert.Equal(2, code);
        Assert.Contains("ccm login", error, StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(TestDirectory, "config"));
    }
}

/// <summary>Tests that set process-wide environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialEnvironment
{
    public const string Name = "environment";
}
