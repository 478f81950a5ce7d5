using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Cli.Evidence;

namespace OpenCcm.Cli.Bench;

/// <summary>
/// <c>ccm bench issue</c>: attested certificate issuances per second through the agents' path (node mTLS, SGX REPORT
/// evidence, every issuance rule, the zone CA, the store, the audit log), with latency percentiles, against the crypto
/// an issuance cannot avoid (one CSR signature check and one certificate signature) measured in the same run. The
/// manager runs in this process, so manager and load generator share the machine as the issue asks.
/// </summary>
internal static class IssueBenchCommand
{
    public static Command Create(TextWriter stdout)
    {
        var database = new Option<string>("--database") { Description = "sqlite, or a PostgreSQL connection string.", DefaultValueFactory = _ => "sqlite" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (one simulated node each).", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure.", DefaultValueFactory = _ => 10 };
        var manager = new Option<string?>("--manager") { Description = "Measure a running manager (https URL, started with --allow-simulated and this CCM_SIMULATED_DIR) instead of one in this process." };
        var caFile = new Option<string?>("--cacert") { Description = "The running manager's CA certificate (PEM; its data directory's manager-ca.pem)." };
        var email = new Option<string?>("--email") { Description = "A user of the running manager who may create accounts (default $CCM_ADMIN_EMAIL); password from $CCM_PASSWORD or $CCM_ADMIN_PASSWORD." };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring (JIT tiering, caches, connection pools).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("issue", "Attested certificate issuances per second through the agents' path, with p50/p99 latency.")
        {
            database, manager, caFile, email, concurrency, seconds, warmup, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inFlight = Math.Clamp(parse.GetValue(concurrency), 1, 256);
            var duration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds)));
            await using var rig = parse.GetValue(manager) is { } url
                ? await IssuanceRig.ConnectAsync(
                    url, parse.GetValue(caFile), parse.GetValue(email) ?? NonEmpty("CCM_ADMIN_EMAIL") ?? throw new UsageException("--email (or $CCM_ADMIN_EMAIL) is required with --manager."),
                    NonEmpty("CCM_PASSWORD") ?? NonEmpty("CCM_ADMIN_PASSWORD") ?? throw new UsageException("Set $CCM_PASSWORD (or $CCM_ADMIN_PASSWORD) with --manager."),
                    Math.Min(inFlight, 32), 2048, cancellationToken).ConfigureAwait(false)
                : await IssuanceRig.StartAsync(parse.GetValue(database)!, Math.Min(inFlight, 32), 2048, cancellationToken).ConfigureAwait(false);
            var warm = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup)));
            var (count, errors, latencies, elapsed, cpu) = await MeasureAsync(rig, inFlight, warm, duration, cancellationToken).ConfigureAwait(false);
            var cryptoSeconds = CryptoSecondsPerIssuance();
            var limit = Environment.ProcessorCount / cryptoSeconds;
            latencies.Sort();
            var rate = count / elapsed.TotalSeconds;
            var result = new Dictionary<string, object?>
            {
                ["opsPerSecond"] = Math.Round(rate),
                ["p50Ms"] = Percentile(latencies, 0.50),
                ["p99Ms"] = Percentile(latencies, 0.99),
                ["errors"] = errors,
                ["issued"] = count,
                ["concurrency"] = inFlight,
                ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
                ["database"] = parse.GetValue(manager) is not null ? "external" : parse.GetValue(database) == "sqlite" ? "sqlite" : "postgresql",
                ["cores"] = Environment.ProcessorCount,
                ["cryptoLimitOpsPerSecond"] = Math.Round(limit),
                ["ratioToCryptoLimit"] = Math.Round(rate / limit, 3),
                // CPU of this process (manager and load generator) per issuance: what the rate would be on idle cores
                // is cores / this, whatever else shared the machine during the run.
                ["cpuMsPerIssuance"] = count == 0 ? null : Math.Round(cpu.TotalMilliseconds / count, 3),
            };
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(result, VerdictPrinter.Json)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (key, value) in result)
                {
                    await stdout.WriteLineAsync($"{key,-26} {VerdictPrinter.Format(value)}").ConfigureAwait(false);
                }
            }

            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<(long Count, long Errors, List<double> Latencies, TimeSpan Elapsed, TimeSpan Cpu)> MeasureAsync(
        IssuanceRig rig, int inFlight, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        long count = 0, errors = 0;
        var latencies = new List<double>();
        var clients = Enumerable.Range(0, inFlight).Select(rig.NodeClient).ToArray();
        try
        {
            // Warm up every connection (TLS handshakes), then run the load unmeasured for a while (JIT tiering, caches).
            await Task.WhenAll(clients.Select((c, i) => IssueAsync(c, rig.Requests[i % rig.Requests.Count], cancellationToken))).ConfigureAwait(false);
            var warming = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((client, worker) => Task.Run(async () =>
            {
                for (var i = worker; warming.Elapsed < warmup; i += inFlight)
                {
                    await IssueAsync(client, rig.Requests[i % rig.Requests.Count], cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken))).ConfigureAwait(false);
            var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var workers = clients.Select((client, worker) => Task.Run(async () =>
            {
                var mine = new List<double>();
                for (var i = worker; clock.Elapsed < duration; i += inFlight)
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = await IssueAsync(client, rig.Requests[i % rig.Requests.Count], cancellationToken).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref ok ? ref count : ref errors);
                }

                lock (latencies)
                {
                    latencies.AddRange(mine);
                }
            }, cancellationToken)).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            return (count, errors, latencies, elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<bool> IssueAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("v1/certificates", content, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Created;
    }

    // One CSR signature verification and one certificate signature (ECDSA P-256), timed on one thread.
    private static double CryptoSecondsPerIssuance()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = RandomNumberGenerator.GetBytes(400);
        var signature = key.SignData(data, HashAlgorithmName.SHA256);
        return SecondsPer(() => key.VerifyData(data, signature, HashAlgorithmName.SHA256)) + SecondsPer(() => key.SignData(data, HashAlgorithmName.SHA256));
    }

    private static double SecondsPer(Action operation)
    {
        for (var i = 0; i < 200; i++)
        {
            operation();
        }

        const int Rounds = 2000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            operation();
        }

        return clock.Elapsed.TotalSeconds / Rounds;
    }

    // An exported but empty variable is unset, not an empty password.
    private static string? NonEmpty(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 2);
}
