using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// A real manager on a loopback port in this process, with the bootstrap administrator, for CLI tests that talk to it;
/// CCM_CONFIG_DIR and CCM_PASSWORD point the CLI at a private session (so such tests run in <see cref="SerialEnvironment"/>).
/// </summary>
public abstract class InProcessManagerTest : IAsyncLifetime
{
    protected const string Email = "root@example.com";
    protected const string Password = "a long administrator password";
    private WebApplication? _manager;

    protected string TestDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-cli-{Guid.NewGuid():N}");

    protected string Url { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(TestDirectory, "manager"), PasswordHashIterations = 1_000, AdminEmail = Email, AdminPassword = Password,
        };
        options.Listen.Add("http://127.0.0.1:0");
        _manager = ManagerHost.Build(options);
        await _manager.StartAsync();
        Url = _manager.Urls.First();
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", Path.Combine(TestDirectory, "config"));
        Environment.SetEnvironmentVariable("CCM_PASSWORD", Password);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("CCM_CONFIG_DIR", null);
        Environment.SetEnvironmentVariable("CCM_PASSWORD", null);
        await _manager!.StopAsync();
        await _manager.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(TestDirectory, recursive: true);
    }
}
