using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Cli.Admin;
using OpenCcm.Cli.Evidence;

namespace OpenCcm.Cli.Bench;

/// <summary>
/// <c>ccm bench heartbeat</c>: workload heartbeats ingested per second by one manager through the agents' path. The
/// manager runs in this process (<see cref="IssuanceRig"/>); simulated nodes get real workload certificates through
/// <c>POST /v1/certificates</c>, then each of <c>--concurrency</c> agents posts batches of <c>--batch</c> heartbeats to
/// <c>POST /v1/heartbeats</c> over node mTLS, one per instance of its own, exactly as the node agent relays them
/// (payload JSON base64, signature, certificate serial), waiting for each acknowledgement (after the commit).
/// </summary>
internal static class HeartbeatBenchCommand
{
    private const int CertificatesPerAgent = 4;

    public static Command Create(TextWriter stdout)
    {
        var database = new Option<string>("--database") { Description = "sqlite, or a PostgreSQL connection string.", DefaultValueFactory = _ => "sqlite" };
        var concurrency = new Option<int>("--concurrency") { Description = "Agents posting at once (one simulated node each).", DefaultValueFactory = _ => 8 };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Heartbeats per request (one per instance of the agent; the agent relays 1,000 at most).", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("heartbeat", "Workload heartbeats ingested per second through the agents' path, with p50/p99 latency per batch.")
        {
            database, concurrency, seconds, batch, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var agents = Math.Clamp(parse.GetValue(concurrency), 1, 256);
            var perBatch = Math.Clamp(parse.GetValue(batch), 1, 2000);
            var duration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds)));
            await using var rig = await IssuanceRig.StartAsync(parse.GetValue(database)!, Math.Min(agents, 32), agents * CertificatesPerAgent, cancellationToken)
                .ConfigureAwait(false);
            var fleet = await PrepareAgentsAsync(rig, agents, perBatch, cancellationToken).ConfigureAwait(false);
            var (count, errors, requests, latencies, elapsed, cpu) = await MeasureAsync(fleet, duration, cancellationToken).ConfigureAwait(false);
            latencies.Sort();
            // CPU seconds of this process (manager and load generator) per heartbeat: what the cores allow when nothing else runs.
            var cpuPerHeartbeat = count == 0 ? 0 : cpu.TotalSeconds / count;
            var result = new Dictionary<string, object?>
            {
                ["opsPerSecond"] = Math.Round(count / elapsed.TotalSeconds),
                ["p50Ms"] = Percentile(latencies, 0.50),
                ["p99Ms"] = Percentile(latencies, 0.99),
                ["errors"] = errors,
                ["heartbeats"] = count,
                ["requests"] = requests,
                ["batch"] = perBatch,
                ["concurrency"] = agents,
                ["instances"] = agents * perBatch,
                ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
                ["database"] = parse.GetValue(database) == "sqlite" ? "sqlite" : "postgresql",
                ["cores"] = Environment.ProcessorCount,
                ["cpuMicrosecondsPerOp"] = Math.Round(cpuPerHeartbeat * 1e6, 1),
                ["cpuLimitOpsPerSecond"] = cpuPerHeartbeat == 0 ? null : Math.Round(Environment.ProcessorCount / cpuPerHeartbeat),
            };
            foreach (var agent in fleet)
            {
                agent.Client.Dispose();
            }

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(result, VerdictPrinter.Json)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (key, value) in result)
                {
                    await stdout.WriteLineAsync($"{key,-14} {VerdictPrinter.Format(value)}").ConfigureAwait(false);
                }
            }

            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    // Each agent: its node's mTLS client, workload certificates issued to that node, and one instance per batch slot.
    private static async Task<Agent[]> PrepareAgentsAsync(IssuanceRig rig, int agents, int perBatch, CancellationToken cancellationToken)
    {
        var fleet = new Agent[agents];
        for (var a = 0; a < agents; a++)
        {
            var client = rig.NodeClient(a);
            var serials = new List<string>();
            for (var c = 0; c < CertificatesPerAgent; c++)
            {
                using var content = new ByteArrayContent(rig.Requests[a * CertificatesPerAgent + c]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("v1/certificates", content, cancellationToken).ConfigureAwait(false);
                var body = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
                serials.Add(certificate.SerialNumber.ToLowerInvariant());
            }

            var instances = Enumerable.Range(0, perBatch).Select(i => (Id: Guid.NewGuid(), Serial: serials[i % serials.Count])).ToArray();
            fleet[a] = new Agent(client, instances);
        }

        return fleet;
    }

    private static async Task<(long Count, long Errors, long Requests, List<double> Latencies, TimeSpan Elapsed, TimeSpan Cpu)> MeasureAsync(
        Agent[] fleet, TimeSpan duration, CancellationToken cancellationToken)
    {
        long count = 0, errors = 0, requests = 0;
        var latencies = new List<double>();
        // Warm up (TLS handshakes, JIT, and the instances' creation) before the clock starts.
        await Task.WhenAll(fleet.Select(agent => PostAsync(agent, 1, cancellationToken))).ConfigureAwait(false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = fleet.Select(agent => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (long sequence = 2; clock.Elapsed < duration; sequence++)
            {
                var started = Stopwatch.GetTimestamp();
                var accepted = await PostAsync(agent, sequence, cancellationToken).ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref count, accepted);
                Interlocked.Add(ref errors, agent.Instances.Length - accepted);
                Interlocked.Increment(ref requests);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        return (count, errors, requests, latencies, elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }

    // One batch: every instance of the agent at this sequence. Returns how many the manager accepted (0 on a failure).
    private static async Task<int> PostAsync(Agent agent, long sequence, CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("heartbeats");
            foreach (var (id, serial) in agent.Instances)
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(id, sequence, "running", sentAt, 5), PayloadJson);
                writer.WriteStartObject();
                writer.WriteBase64String("payload", payload);
                writer.WriteString("signature", Signature);
                writer.WriteString("certificate_serial", serial);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await agent.Client.PostAsync("v1/heartbeats", content, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return 0;
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return answer.GetProperty("accepted").GetInt32();
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    // The manager trusts the agent for the signature check (it relays only verified heartbeats), so a signature of a
    // P-256 key's DER size stands in for one; the runtime signs and the agent verifies on the node, not here.
    private static readonly string Signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(71));

    private static readonly JsonSerializerOptions PayloadJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 2);

    private sealed record Payload(Guid InstanceId, long Sequence, string Status, long SentAt, int IntervalSeconds);

    private sealed record Agent(HttpClient Client, (Guid Id, string Serial)[] Instances);
}
