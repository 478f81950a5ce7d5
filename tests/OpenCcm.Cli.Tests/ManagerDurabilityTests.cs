using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Cli.Bench;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// An acknowledged write survives a crash: the manager process is killed with SIGKILL while nodes enroll (each
/// enrollment issues a node certificate), or while nodes obtain workload certificates (group-committed in batches);
/// after a restart every acknowledged node and certificate is there, unchanged, and the audit chain verifies.
/// </summary>
public sealed class ManagerDurabilityTests : IDisposable
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "a long administrator password";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-durability-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KillingTheManager_WhileIssuing_LosesNothingAcknowledged()
    {
        var simulated = Path.Combine(_directory, "simulated");
        var requests = MakeEnrollments(simulated, count: 120);
        var acknowledged = new ConcurrentDictionary<string, string>(); // node id → certificate PEM
        string account;

        using (var manager = await StartAsync(simulated))
        {
            using var admin = await LogInAsync(manager.Url);
            account = await CreateAccountAsync(admin);
            var zone = (await admin.GetFromJsonAsync<JsonElement>("/v1/zones")).GetProperty("items")[0].GetProperty("zone_id").GetString();
            var token = (await admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{zone}/token")).GetProperty("token").GetString()!;

            using var enrolling = new CancellationTokenSource();
            using var anonymous = new HttpClient { BaseAddress = new Uri(manager.Url) };
            var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < requests.Count && !enrolling.IsCancellationRequested; i += 6)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes") { Content = JsonContent.Create(requests[i]) };
                        request.Headers.Authorization = new("Bearer", token);
                        using var response = await anonymous.SendAsync(request, enrolling.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            var body = await response.Content.ReadFromJsonAsync<JsonElement>(enrolling.Token);
                            acknowledged[body.GetProperty("node_id").GetString()!] = body.GetProperty("certificate").GetString()!;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the manager is gone
                    }
                }
            })).ToArray();

            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (acknowledged.Count < 30 && waiting.Elapsed < TimeSpan.FromSeconds(90) && !workers.All(w => w.IsCompleted))
            {
                await Task.Delay(20);
            }

            await manager.KillHardAsync();
            await enrolling.CancelAsync();
            await Task.WhenAll(workers);
        }

        Assert.True(acknowledged.Count >= 30);
        using (var restarted = await StartAsync(simulated))
        {
            using var admin = await LogInAsync(restarted.Url);
            (await admin.PostAsync($"/v1/accounts/select_account/{account}", null)).EnsureSuccessStatusCode();
            foreach (var (node, pem) in acknowledged)
            {
                var stored = await admin.GetFromJsonAsync<JsonElement>($"/v1/nodes/{node}/certificate");
                Assert.Equal(pem, stored.GetProperty("certificate").GetString());
            }

            var audit = await admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
            Assert.True(audit.GetProperty("intact").GetBoolean(), audit.ToString());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task KillingTheManager_WhileIssuingWorkloadCertificates_LosesNothingAcknowledged(string store)
    {
        await using var cluster = store == "postgresql" ? await PostgresCluster.StartOrConnectAsync() : null;
        var databaseName = $"durability_{Guid.NewGuid():N}";
        var database = cluster is null ? "sqlite" : await cluster.CreateDatabaseAsync(databaseName);
        try
        {
            var simulated = Path.Combine(_directory, "simulated");
            var acknowledged = new ConcurrentDictionary<string, string>(); // certificate id → PEM
            string account;
            using (var manager = await StartAsync(simulated, "https://127.0.0.1:0", database))
            {
                await using var rig = await IssuanceRig.ConnectAsync(
                    manager.Url, CaFile, AdminEmail, AdminPassword, nodes: 4, requests: 64, CancellationToken.None, simulated);
                account = rig.AccountId;
                using var issuing = new CancellationTokenSource();
                var workers = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
                {
                    using var node = rig.NodeClient(worker);
                    for (var i = worker; !issuing.IsCancellationRequested; i += 12)
                    {
                        try
                        {
                            using var content = new ByteArrayContent(rig.Requests[i % rig.Requests.Count]);
                            content.Headers.ContentType = new("application/json");
                            using var response = await node.PostAsync("v1/certificates", content, issuing.Token);
                            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
                            var body = await response.Content.ReadFromJsonAsync<JsonElement>(issuing.Token);
                            acknowledged[body.GetProperty("certificate_id").GetString()!] = body.GetProperty("certificate").GetString()!;
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                        {
                            return; // the manager is gone
                        }
                    }
                })).ToArray();

                // Kill it in full flow: well after the first batches, with every worker's request in flight or queued.
                var waiting = System.Diagnostics.Stopwatch.StartNew();
                while (acknowledged.Count < 300 && waiting.Elapsed < TimeSpan.FromSeconds(90) && !workers.Any(w => w.IsCompleted))
                {
                    await Task.Delay(5);
                }

                await manager.KillHardAsync();
                await issuing.CancelAsync();
                await Task.WhenAll(workers);
            }

            Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} issuances acknowledged before the kill");
            using (var restarted = await StartAsync(simulated, "http://127.0.0.1:0", database))
            {
                using var admin = await LogInAsync(restarted.Url);
                (await admin.PostAsync($"/v1/accounts/select_account/{account}", null)).EnsureSuccessStatusCode();
                foreach (var (certificate, pem) in acknowledged)
                {
                    var stored = await admin.GetFromJsonAsync<JsonElement>($"/v1/certificates/{certificate}");
                    Assert.Equal(pem, stored.GetProperty("certificate").GetString());
                }

                var audit = await admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
                Assert.True(audit.GetProperty("intact").GetBoolean(), audit.ToString());
            }
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DropDatabaseAsync(databaseName);
            }
        }
    }

    private string CaFile => Path.Combine(_directory, "manager", "manager-ca.pem");

    private Task<ManagerProcess> StartAsync(string simulated, string listen = "http://127.0.0.1:0", string database = "sqlite") => ManagerProcess.StartAsync(
        new Dictionary<string, string> { ["CCM_ADMIN_EMAIL"] = AdminEmail, ["CCM_ADMIN_PASSWORD"] = AdminPassword },
        "--data-dir", Path.Combine(_directory, "manager"), "--listen", listen, "--database", database, "--allow-simulated", "--simulated-dir", simulated);

    private static List<object> MakeEnrollments(string simulated, int count)
    {
        using var platform = SimulatedSgxPlatform.OpenOrCreate(simulated);
        var enclave = platform.CreateEnclave(SHA256.HashData("agent"u8), SHA256.HashData("openccm"u8), 1, 1);
        var requests = new List<object>();
        for (var i = 0; i < count; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var csr = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN=node-{i}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
            var quote = platform.CreateQuote(enclave, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            requests.Add(new { name = $"node-{i}", attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } });
        }

        return requests;
    }

    private static async Task<HttpClient> LogInAsync(string url)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AdminEmail}:{AdminPassword}")));
        using var response = await anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<string> CreateAccountAsync(HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/v1/accounts", new { name = "durability" });
        var account = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acct_id").GetString()!;
        (await admin.PostAsync($"/v1/accounts/select_account/{account}", null)).EnsureSuccessStatusCode();
        return account;
    }
}
