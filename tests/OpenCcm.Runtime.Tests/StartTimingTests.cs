using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace OpenCcm.Runtime.Tests;

/// <summary>
/// Issue #5's figure: time from runtime start to certificate on disk (trusted-file hashing apart), p50 over N runs of
/// the published runtime against the fake agent on the simulated platform. N = CCM_RUNTIME_TIMING_RUNS (default 15);
/// scripts/measure-runtime-start.sh runs only this test with a larger N. The figures are printed and written to
/// artifacts/runtime-start-timings.json.
/// </summary>
public sealed class StartTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_to_certificate_on_disk_p50()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("CCM_RUNTIME_TIMING_RUNS"), out var n) && n > 0 ? n : 15;
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload(customize: m => m with { Heartbeat = new() { Enabled = false } });
        var certificate = new List<double>();
        var hashing = new List<double>();
        var workloadStart = new List<double>();
        var lastLine = string.Empty;
        for (var i = 0; i < runs + 1; i++)
        {
            using var run = workload.Start(agent.BaseUrl);
            Assert.True(await run.WaitAsync() == 0, run.Stderr);
            using var timings = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(workload.WorkDirectory, "timings.json")));
            lastLine = run.Stderr.Split('\n').LastOrDefault(line => line.Contains("timings:", StringComparison.Ordinal)) ?? lastLine;
            if (i == 0)
            {
                continue; // the first run warms the page cache and the simulated platform's state
            }

            certificate.Add(timings.RootElement.GetProperty("startToCertificateOnDiskMs").GetDouble());
            hashing.Add(timings.RootElement.GetProperty("trustedFilesMs").GetDouble());
            workloadStart.Add(timings.RootElement.GetProperty("startToWorkloadMs").GetDouble());
        }

        var p50 = Percentile(certificate, 50);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"runtime start → certificate on disk over {runs} runs: p50 {p50:0.0} ms, p90 {Percentile(certificate, 90):0.0} ms, " +
            $"min {certificate.Min():0.0} ms, max {certificate.Max():0.0} ms; trusted-file hashing p50 {Percentile(hashing, 50):0.00} ms; " +
            $"workload started p50 {Percentile(workloadStart, 50):0.0} ms");
        output.WriteLine(summary);
        output.WriteLine("last run: " + lastLine);
        await Console.Error.WriteLineAsync(summary + "\nlast run: " + lastLine);
        var artifacts = Path.Combine(RuntimeBinary.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "runtime-start-timings.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["runs"] = runs,
            ["startToCertificateOnDiskP50Ms"] = p50,
            ["startToCertificateOnDiskP90Ms"] = Percentile(certificate, 90),
            ["trustedFilesP50Ms"] = Percentile(hashing, 50),
            ["startToWorkloadP50Ms"] = Percentile(workloadStart, 50),
        }));

        // Issue #5 targets p50 < 300 ms; on a machine shared with other jobs the bound checked here is looser.
        Assert.True(p50 < 1000, summary);
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
