using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Nodes;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// Node heartbeats over REAL HTTPS with the node certificate as TLS client certificate: the zone policy comes back and
/// last-seen is recorded; no certificate (plain HTTP or HTTPS without one), a foreign or forged certificate, a revoked
/// one and a deactivated node are refused with their codes; the sweeper marks silent nodes unresponsive until they report.
/// </summary>
public sealed class NodeStatusTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-status-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private HttpClient _admin = null!;
    private string _zoneId = string.Empty;

    private string HttpsUrl => _app!.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal));

    private string HttpUrl => _app!.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), PasswordHashIterations = 1_000, AllowSimulated = true,
            SimulatedDirectory = Path.Combine(_directory, "simulated"), AdminEmail = "admin@example.com", AdminPassword = "a long admin password",
            NodeSweepInterval = TimeSpan.FromHours(1), // the tests sweep themselves
        };
        options.Listen.Add("https://127.0.0.1:0");
        options.Listen.Add("http://127.0.0.1:0");
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        _admin = await LogInAsync("admin@example.com", "a long admin password");
        using var account = await _admin.PostAsJsonAsync("/v1/accounts", new { name = "status" });
        var created = await account.Content.ReadFromJsonAsync<JsonElement>();
        _zoneId = created.GetProperty("default_zone_id").GetString()!;
        (await _admin.PostAsync($"/v1/accounts/select_account/{created.GetProperty("acct_id").GetString()}", null)).EnsureSuccessStatusCode();
    }

    public void Dispose() => _admin.Dispose();

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ANode_ReportsOverMtls_AndGetsTheZonePolicy_ItsLastSeenRecorded()
    {
        var (nodeId, certificate) = await EnrollAsync("node-1");
        using var client = NodeClient(certificate);

        using var response = await ReportAsync(client, "node-1", "1.2.3");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var node = await _admin.GetFromJsonAsync<JsonElement>($"/v1/nodes/{nodeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(60, body.GetProperty("node_refresh_interval").GetInt64());
        Assert.Equal(10 * 24 * 3600, body.GetProperty("node_renewal_threshold").GetInt64());
        Assert.Equal("1.2.3", node.GetProperty("status").GetProperty("last_seen_version").GetString());
        Assert.Equal("RUNNING", node.GetProperty("status").GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithoutAClientCertificate_PlainHttpAndHttps_AnswerNodeCertificateRequired()
    {
        using var plain = new HttpClient { BaseAddress = new Uri(HttpUrl) };
        using var handler = TrustingManagerCa(new HttpClientHandler());
        using var https = new HttpClient(handler) { BaseAddress = new Uri(HttpsUrl) };

        using var overHttp = await ReportAsync(plain, "n", null);
        using var overHttps = await ReportAsync(https, "n", null);

        Assert.Equal(HttpStatusCode.Unauthorized, overHttp.StatusCode);
        Assert.Equal("NodeCertificateRequired", await Code(overHttp));
        Assert.Equal(HttpStatusCode.Unauthorized, overHttps.StatusCode);
        Assert.Equal("NodeCertificateRequired", await Code(overHttps));
    }

    [Fact]
    public async Task AForeignCertificate_OrAForgeryWithANodesSerial_IsInvalid()
    {
        var (_, certificate) = await EnrollAsync("node-forged");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(certificate.SubjectName, key, HashAlgorithmName.SHA256);
        using var forged = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key),
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), certificate.SerialNumberBytes.ToArray());
        using var forgedWithKey = forged.CopyWithPrivateKey(key);
        using var selfSigned = new CertificateRequest("CN=stranger", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var forgedClient = NodeClient(forgedWithKey);
        using var strangerClient = NodeClient(selfSigned);

        using var forgedResponse = await ReportAsync(forgedClient, "n", null);
        using var strangerResponse = await ReportAsync(strangerClient, "n", null);

        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
        Assert.Equal("NodeCertificateInvalid", await Code(forgedResponse));
        Assert.Equal("NodeCertificateInvalid", await Code(strangerResponse));
    }

    [Fact]
    public async Task ADeactivatedNode_IsNotActive_AndARevokedNodeCertificate_IsRefused()
    {
        var (retiredId, retired) = await EnrollAsync("node-retired");
        var (_, revoked) = await EnrollAsync("node-revoked");
        (await _admin.PostAsync($"/v1/nodes/{retiredId}/deactivate", null)).EnsureSuccessStatusCode();
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            var certificates = scope.ServiceProvider.GetRequiredService<ICertificateStore>();
            var stored = await certificates.FindBySerialAsync(revoked.SerialNumber);
            await certificates.UpdateAsync(stored! with { Status = CertificateStatus.Revoked, RevokedAt = DateTimeOffset.UtcNow, Reason = "keyCompromise" });
        }

        using var retiredClient = NodeClient(retired);
        using var revokedClient = NodeClient(revoked);
        using var retiredResponse = await ReportAsync(retiredClient, "node-retired", null);
        using var revokedResponse = await ReportAsync(revokedClient, "node-revoked", null);

        Assert.Equal(HttpStatusCode.Forbidden, retiredResponse.StatusCode);
        Assert.Equal("NodeNotActive", await Code(retiredResponse));
        Assert.Equal(HttpStatusCode.Unauthorized, revokedResponse.StatusCode);
        Assert.Equal("NodeCertificateRevoked", await Code(revokedResponse));
    }

    [Fact]
    public async Task ASilentNode_BecomesUnresponsive_AndRunningAgainWhenItReports()
    {
        var (nodeId, certificate) = await EnrollAsync("node-silent");
        var (otherId, _) = await EnrollAsync("node-other");
        await using (var scope = _app!.Services.CreateAsyncScope())
        {
            var zones = scope.ServiceProvider.GetRequiredService<IZoneStore>();
            var zone = await zones.GetAsync(Guid.Parse(_zoneId));
            await zones.UpdateAsync(zone! with { Policy = zone.Policy with { NodeRefreshInterval = TimeSpan.FromSeconds(1) } });
        }

        var sweeper = _app.Services.GetRequiredService<NodeUnresponsiveness>();
        var tooEarly = await sweeper.SweepAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await _admin.PostAsync($"/v1/nodes/{otherId}/deactivate", null)).EnsureSuccessStatusCode(); // deactivated nodes are not swept
        var marked = await sweeper.SweepAsync(CancellationToken.None);
        var silent = await StatusOfAsync(nodeId);
        using var client = NodeClient(certificate);
        using var report = await ReportAsync(client, "node-silent", "2.0");
        var back = await StatusOfAsync(nodeId);

        Assert.Equal(0, tooEarly);
        Assert.Equal(1, marked);
        Assert.Equal("FAILED", silent);
        Assert.Equal(1, (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("node_refresh_interval").GetInt64());
        Assert.Equal("RUNNING", back);
        Assert.Equal("DEACTIVATED", await StatusOfAsync(otherId));
    }

    private async Task<string?> StatusOfAsync(string nodeId) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/v1/nodes/{nodeId}")).GetProperty("status").GetProperty("status").GetString();

    private async Task<(string NodeId, X509Certificate2 Certificate)> EnrollAsync(string name)
    {
        var token = (await _admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{_zoneId}/token")).GetProperty("token").GetString()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        byte[] quote;
        using (var platform = SimulatedSgxPlatform.OpenOrCreate(Path.Combine(_directory, "simulated")))
        {
            quote = platform.CreateQuote(platform.CreateEnclave(SHA256.HashData("node agent"u8), SHA256.HashData("openccm"u8), 1, 1),
                SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes")
        {
            Content = JsonContent.Create(new { name, attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await _admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var issued = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        return (body.GetProperty("node_id").GetString()!, issued.CopyWithPrivateKey(key));
    }

    private HttpClient NodeClient(X509Certificate2 certificate)
    {
        var handler = TrustingManagerCa(new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual });
        handler.ClientCertificates.Add(certificate);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
    }

    // Trust exactly the manager CA file, as an agent configured with it would.
    private HttpClientHandler TrustingManagerCa(HttpClientHandler handler)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, "manager", "manager-ca.pem")));
        handler.ServerCertificateCustomValidationCallback = (_, server, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return server is not null && chain.Build(server);
        };
        return handler;
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client, string name, string? version) =>
        client.PostAsJsonAsync("/v1/node/status", new { name, ipaddress = "10.0.0.7", status = "RUNNING", version });

    private async Task<HttpClient> LogInAsync(string email, string password)
    {
        var client = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await client.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
