using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>
/// `ccm quickstart` as the README's first command: a real child process that starts a manager, a node agent and the demo
/// workload under the published runtime; checked from outside with the real curl, and for what it leaves behind.
/// </summary>
public sealed partial class QuickstartTests
{
    private const string Domain = "demo.openccm.test";
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Exit_when_ready_prints_the_four_json_fields_stops_everything_and_a_rerun_recreates()
    {
        using var quickstart = new QuickstartProcess(["--exit-when-ready", "--json"]);
        Assert.True(await quickstart.WaitForExitAsync(Ready) == 0, quickstart.Output);

        // stdout is exactly one JSON object with the four fields.
        using var json = JsonDocument.Parse(quickstart.Stdout);
        Assert.Equal(["managerUrl", "zoneRootPem", "workloadCertPem", "workloadUrl"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var managerUrl = new Uri(json.RootElement.GetProperty("managerUrl").GetString()!);
        Assert.Equal(("https", "127.0.0.1"), (managerUrl.Scheme, managerUrl.Host));
        var workloadUrl = new Uri(json.RootElement.GetProperty("workloadUrl").GetString()!);
        Assert.Equal(("https", Domain), (workloadUrl.Scheme, workloadUrl.Host));

        // The workload's certificate names the demo domain and chains to the zone root (through the chain the runtime wrote).
        using var zoneRoot = X509Certificate2.CreateFromPem(json.RootElement.GetProperty("zoneRootPem").GetString());
        using var workload = X509Certificate2.CreateFromPem(json.RootElement.GetProperty("workloadCertPem").GetString());
        Assert.Contains(Domain, workload.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(zoneRoot);
        chain.ChainPolicy.ExtraStore.ImportFromPemFile(Path.Combine(quickstart.DataDirectory, "demo", "root", "run", "ccm", "chain.pem"));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(workload), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(File.ReadAllText(Path.Combine(quickstart.DataDirectory, "zone-root.pem")).Trim(), zoneRoot.ExportCertificatePem().Trim());

        // Nothing it started still listens.
        Assert.False(Tools.Accepts(workloadUrl.Port), "the demo workload still listens");
        Assert.False(Tools.Accepts(managerUrl.Port), "the manager still listens");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(quickstart.DataDirectory, "admin-password")));

        // A rerun on the same directory recreates everything: a new zone, so a new root.
        using var rerun = new QuickstartProcess(["--exit-when-ready", "--json"], quickstart.DataDirectory);
        Assert.True(await rerun.WaitForExitAsync(Ready) == 0, rerun.Output);
        using var again = JsonDocument.Parse(rerun.Stdout);
        Assert.NotEqual(json.RootElement.GetProperty("zoneRootPem").GetString(), again.RootElement.GetProperty("zoneRootPem").GetString());
    }

    [Fact]
    public async Task Runs_until_sigterm_answers_the_printed_curl_line_and_leaves_nothing_behind()
    {
        using var quickstart = new QuickstartProcess([]);
        var curl = await quickstart.WaitForLineAsync(l => l.StartsWith("curl --cacert ", StringComparison.Ordinal), Ready);
        var runtimePid = int.Parse(RuntimePid().Match(quickstart.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var port = new Uri(curl.Split(' ')[^1]).Port;
        var managerPort = new Uri(ManagerUrl().Match(quickstart.Stdout).Groups[1].Value).Port;
        var workloadPids = Signals.Children(runtimePid);
        Assert.Single(workloadPids); // openssl s_server

        // The line exactly as printed, pasted into a shell: real curl trusting only the zone root.
        var answer = await Tools.RunAsync("bash", ["-c", curl + " --silent --show-error --fail"]);
        Assert.True(answer.ExitCode == 0, answer.ToString());
        Assert.Contains("s_server", answer.Stdout, StringComparison.Ordinal);
        // ... and curl refuses the same server when it trusts only the system's roots.
        var untrusted = await Tools.RunAsync("bash", ["-c", Regex.Replace(curl, "--cacert \\S+ ", string.Empty) + " --silent --show-error"]);
        Assert.NotEqual(0, untrusted.ExitCode);

        Signals.Terminate(quickstart.Process.Id);
        Assert.True(await quickstart.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, quickstart.Output);
        Assert.Contains("stopped the manager", quickstart.Stdout, StringComparison.Ordinal);
        Assert.True(Signals.IsGone(runtimePid), "ccm-runtime is still there");
        Assert.All(workloadPids, pid => Assert.True(Signals.IsGone(pid), $"the workload {pid} is still there"));
        Assert.False(Tools.Accepts(port), "the demo workload still listens");
        Assert.False(Tools.Accepts(managerPort), "the manager still listens");
    }

    [Fact]
    public async Task A_directory_not_made_by_the_quickstart_is_refused_and_left_alone()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ccm-not-quickstart-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "precious.txt"), "keep me");
        try
        {
            var result = await Tools.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "ccm.dll"), "quickstart", "--data-dir", directory, "--exit-when-ready"]);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("was not made by 'ccm quickstart'", result.Stderr, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(directory, "precious.txt")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"under ccm-runtime \(pid (\d+)\)")]
    private static partial Regex RuntimePid();

    [GeneratedRegex(@"manager\s+(https://127\.0\.0\.1:\d+)")]
    private static partial Regex ManagerUrl();
}
