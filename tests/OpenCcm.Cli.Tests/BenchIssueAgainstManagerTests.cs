using System.Diagnostics;
using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm bench issue --manager URL</c> measures a manager running as its own process (HTTPS, node mTLS), as the issue's
/// command line has it; both processes share the simulated platforms' directory, as an agent and its manager would.
/// </summary>
public sealed class BenchIssueAgainstManagerTests : IDisposable
{
    private const string AdminEmail = "bench-admin@example.com";
    private const string AdminPassword = "bench admin password for the test";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-bench-ext-{Guid.NewGuid():N}");

    [Fact]
    public async Task IssuesThroughARunningManager_AndRefusesPlainHttpOrMissingCredentials()
    {
        var simulated = Path.Combine(_directory, "simulated");
        var data = Path.Combine(_directory, "manager");
        using var manager = await ManagerProcess.StartAsync(
            new Dictionary<string, string> { ["CCM_ADMIN_EMAIL"] = AdminEmail, ["CCM_ADMIN_PASSWORD"] = AdminPassword },
            "--data-dir", data, "--listen", "https://127.0.0.1:0", "--allow-simulated", "--simulated-dir", simulated);
        var environment = new Dictionary<string, string> { ["CCM_SIMULATED_DIR"] = simulated, ["CCM_PASSWORD"] = AdminPassword };
        string[] bench = ["bench", "issue", "--manager", manager.Url, "--cacert", Path.Combine(data, "manager-ca.pem"), "--email", AdminEmail,
            "--concurrency", "2", "--seconds", "1", "--warmup", "0", "--json"];

        var measured = await RunCcmAsync(environment, bench);
        var plainHttp = await RunCcmAsync(environment, [.. bench.Select(a => a == manager.Url ? "http://127.0.0.1:1" : a)]);
        var noPassword = await RunCcmAsync(new Dictionary<string, string> { ["CCM_SIMULATED_DIR"] = simulated, ["CCM_PASSWORD"] = "", ["CCM_ADMIN_PASSWORD"] = "" }, bench);

        Assert.True(measured.ExitCode == 0, measured.Error);
        var json = JsonDocument.Parse(measured.Output).RootElement;
        Assert.True(json.GetProperty("issued").GetInt64() > 0);
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.Equal("external", json.GetProperty("database").GetString());
        Assert.Equal(2, plainHttp.ExitCode);
        Assert.Contains("https://", plainHttp.Error, StringComparison.Ordinal);
        Assert.Equal(2, noPassword.ExitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunCcmAsync(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
