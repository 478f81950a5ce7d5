using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm login</c> and <c>ccm audit verify</c> against a real manager on a loopback port: the chain verifies, and a
/// row changed behind the manager's back is found (the client recomputes every hash itself).
/// </summary>
[Collection(SerialEnvironment.Name)]
public sealed class AuditVerifyCliTests : IAsyncLifetime
{
    private const string Email = "root@example.com";
    private const string Password = "a long administrator password";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-audit-{Guid.NewGuid():N}");
    private WebApplication? _manager;
    private string _url = string.Empty;

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), PasswordHashIterations = 1_000, AdminEmail = Email, AdminPassword = Password,
        };
        options.Listen.Add("http://127.0.0.1:0");
        _manager = ManagerHost.Build(options);
        await _manager.StartAsync();
        _url = _manager.Urls.First();
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(_directory, "config"));
        Environment.SetEnvironmentVariable("CCM_PASSWORD", Password);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", null);
        Environment.SetEnvironmentVariable("CCM_PASSWORD", null);
        await _manager!.StopAsync();
        await _manager.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Login_ThenVerify_SaysIntact_AndFindsATamperedRow()
    {
        var (login, output, error) = Ccm.Run("login", "--manager", _url, "--email", Email);
        Assert.True(login == 0, output + error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "config", "session.json")));

        var (intact, json) = Ccm.RunJson("audit", "verify", "--json");
        Assert.Equal(0, intact);
        Assert.True(json.GetProperty("intact").GetBoolean());
        Assert.True(json.GetProperty("entriesChecked").GetInt64() >= 1); // at least the login

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "manager", "ccm.db")}"))
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
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(_directory, "empty"));

        var (code, _, error) = Ccm.Run("audit", "verify");

        Assert.Equal(2, code);
        Assert.Contains("ccm login", error, StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(_directory, "config"));
    }
}

/// <summary>Tests that set process-wide environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialEnvironment
{
    public const string Name = "environment";
}
