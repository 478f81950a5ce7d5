using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm manager</c> as an operator runs it: a real child process (<c>dotnet ccm.dll manager ...</c>) on a loopback
/// port, answering the version, logging in the bootstrap administrator with curl, and stopping gracefully on a signal.
/// </summary>
public sealed class ManagerCommandTests : IDisposable
{
    private const string AdminEmail = "root@example.com";
    private const string AdminPassword = "a long enough admin password";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"ccm-cli-manager-{Guid.NewGuid():N}");

    [Fact]
    public async Task RunsOnLoopbackHttp_LogsInTheBootstrapAdministrator_AndStopsOnSigterm()
    {
        using var manager = StartManager("--data-dir", _dataDirectory, "--listen", "http://127.0.0.1:0");
        var url = await ListeningUrlAsync(manager);

        var version = await RunAsync("curl", "-sS", "--fail", "--retry", "5", "--retry-connrefused", url + "/v1/sys/version");
        var login = await RunAsync("curl", "-sS", "--fail", "-X", "POST", "-u", $"{AdminEmail}:{AdminPassword}", url + "/v1/sys/auth");
        var exitCode = await StopAsync(manager, "TERM");

        Assert.Equal("v1", JsonDocument.Parse(version).RootElement.GetProperty("api_version").GetString());
        Assert.StartsWith("ccms_", JsonDocument.Parse(login).RootElement.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "manager-ca.pem")));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "ccm.db")));
    }

    [Fact]
    public async Task CtrlC_StopsItGracefully()
    {
        // A process started with SIGINT ignored (a background job of a non-interactive shell) passes that on, and
        // Unix keeps Ctrl-C away from such jobs by design; SIGTERM is tested above either way.
        if (SigIntIgnored())
        {
            return;
        }

        using var manager = StartManager("--data-dir", _dataDirectory, "--listen", "http://127.0.0.1:0");
        await ListeningUrlAsync(manager);

        Assert.Equal(0, await StopAsync(manager, "INT"));
    }

    [Fact]
    public async Task ServesHttpsWithItsOwnCa_ForTheNamesGiven()
    {
        using var manager = StartManager("--data-dir", _dataDirectory, "--listen", "https://127.0.0.1:0", "--server-name", "ccm.example.test");
        var url = await ListeningUrlAsync(manager);
        var port = new Uri(url).Port.ToString(CultureInfo.InvariantCulture);
        var ca = Path.Combine(_dataDirectory, "manager-ca.pem");

        var version = await RunAsync("curl", "-sS", "--fail", "--cacert", ca, "--resolve", $"ccm.example.test:{port}:127.0.0.1", $"https://ccm.example.test:{port}/v1/sys/version");
        await StopAsync(manager, "TERM");

        Assert.Contains("\"api_version\":\"v1\"", version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--listen", "http://0.0.0.0:8080", "plain HTTP is allowed only on a loopback address")]
    [InlineData("--listen", "ftp://127.0.0.1:21", "is not an http(s)://HOST:PORT address")]
    [InlineData("--database", "mysql", "neither 'sqlite' nor a PostgreSQL connection string")]
    [InlineData("--server-name", "not a name!", "neither a DNS name nor an IP address")]
    [InlineData("--collateral", "/no/such/directory", "is not a directory")]
    public void BadOptions_AreUsageErrors(string option, string value, string message)
    {
        var (code, _, error) = Ccm.Run("manager", "--data-dir", _dataDirectory, "--listen", "http://127.0.0.1:0", option, value);

        Assert.Equal(ExitCodes.UsageOrIoError, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static Process StartManager(params string[] arguments)
    {
        // ccm.dll is copied beside this test assembly through the project reference.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccm.dll"));
        start.ArgumentList.Add("manager");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CCM_ADMIN_EMAIL"] = AdminEmail;
        start.Environment["CCM_ADMIN_PASSWORD"] = AdminPassword;
        var process = Process.Start(start) ?? throw new InvalidOperationException("ccm manager did not start.");
        process.ErrorDataReceived += (_, _) => { }; // drain the log
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Reads stdout until the manager says where it listens (port 0 → the port it got).</summary>
    private static async Task<string> ListeningUrlAsync(Process manager)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await manager.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                return line["listening on ".Length..].Trim();
            }
        }

        throw new InvalidOperationException($"ccm manager exited ({(manager.HasExited ? manager.ExitCode : -1)}) before listening.");
    }

    private static async Task<int> StopAsync(Process manager, string signal)
    {
        await RunAsync("kill", "-s", signal, manager.Id.ToString(CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await manager.WaitForExitAsync(timeout.Token);
        return manager.ExitCode;
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await error}");
    }

    /// <summary>True when this process (and so its children) ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status).</summary>
    private static bool SigIntIgnored()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return false;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0b10) != 0;
    }
}
