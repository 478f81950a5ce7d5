using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Manager.Hosting;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// Node provisioning end to end over HTTP with simulated SGX evidence: a join token, a CSR, evidence binding its key;
/// the node certificate chains to the zone root and carries the attested identity; every refusal has its code and
/// creates nothing; deactivation puts the node's certificate on the zone CRL.
/// </summary>
public sealed class NodeEnrollmentTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-enroll-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private HttpClient _anonymous = null!;
    private HttpClient _admin = null!;
    private string _zoneId = string.Empty;
    private string _zoneRootPem = string.Empty;

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), PasswordHashIterations = 1_000, AllowSimulated = true,
            SimulatedDirectory = Path.Combine(_directory, "simulated"), AdminEmail = "admin@example.com", AdminPassword = "a long admin password",
        };
        options.Listen.Add("http://127.0.0.1:0");
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        _anonymous = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _admin = await LogInAsync("admin@example.com", "a long admin password");
        using var account = await _admin.PostAsJsonAsync("/v1/accounts", new { name = "enrollment" });
        var created = await account.Content.ReadFromJsonAsync<JsonElement>();
        _zoneId = created.GetProperty("default_zone_id").GetString()!;
        (await _admin.PostAsync($"/v1/accounts/select_account/{created.GetProperty("acct_id").GetString()}", null)).EnsureSuccessStatusCode();
        _zoneRootPem = (await _admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{_zoneId}")).GetProperty("certificate").GetString()!;
    }

    public void Dispose()
    {
        _anonymous.Dispose();
        _admin.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ANode_Enrolls_WithAJoinToken_AndGetsAnAttestedCertificateFromTheZone()
    {
        var token = await JoinTokenAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await EnrollAsync(token, "node-1", Csr(key), Quote(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("NODE_ATTESTATION", body.GetProperty("task_type").GetString());
        Assert.Equal("SUCCESS", body.GetProperty("task_status").GetString());
        Assert.True(body.GetProperty("simulated").GetBoolean());
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        Assert.True(ChainsToZoneRoot(certificate, body.GetProperty("ca_chain").GetString()!));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var identity = AttestedIdentityExtension.Read(certificate);
        Assert.Equal(IdentitySubject.Node, identity!.Subject);
        Assert.True(identity.Simulated);
        Assert.Equal(body.GetProperty("node_id").GetString(), identity.NodeId);

        var nodes = await _admin.GetFromJsonAsync<JsonElement>("/v1/nodes");
        var node = Assert.Single(nodes.GetProperty("items").EnumerateArray(), n => n.GetProperty("name").GetString() == "node-1");
        Assert.Equal("RUNNING", node.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal("SGX", node.GetProperty("platform").GetString());
        Assert.Equal("UpToDate", node.GetProperty("tcb_status").GetString());
    }

    [Fact]
    public async Task Refusals_HaveTheirCodes_AndCreateNoNode()
    {
        var token = await JoinTokenAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var before = await CountNodesAsync();

        using var badToken = await EnrollAsync("ccmj_not-a-token", "n", Csr(key), Quote(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
        using var otherKey = await EnrollAsync(token, "n", Csr(key), Quote(SHA256.HashData(other.ExportSubjectPublicKeyInfo())));
        using var badCsr = await EnrollAsync(token, "n", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", Quote(new byte[32]));
        using var garbage = await EnrollAsync(token, "n", Csr(key), "garbage"u8.ToArray());

        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal("JoinTokenInvalid", await Code(badToken));
        Assert.Equal(HttpStatusCode.Forbidden, otherKey.StatusCode);
        var refusal = await otherKey.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NodeAttestationFailed", refusal.GetProperty("code").GetString());
        Assert.Equal("PolicyReportDataMismatch", refusal.GetProperty("refusals")[0].GetProperty("code").GetString());
        Assert.Equal("CsrInvalid", await Code(badCsr));
        Assert.Equal("NodeAttestationFailed", await Code(garbage));
        Assert.Equal(before, await CountNodesAsync());
    }

    [Fact]
    public async Task ARevokedJoinToken_NoLongerEnrolls()
    {
        using var issued = await _admin.GetAsync($"/v1/zones/{_zoneId}/token");
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        (await _admin.DeleteAsync($"/v1/zones/{_zoneId}/tokens/{body.GetProperty("token_id").GetString()}")).EnsureSuccessStatusCode();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await EnrollAsync(body.GetProperty("token").GetString()!, "late", Csr(key), Quote(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));

        Assert.Equal("JoinTokenInvalid", await Code(response));
    }

    [Fact]
    public async Task DeactivatingANode_RevokesItsCertificate_OnTheZoneCrl()
    {
        var token = await JoinTokenAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var enrolled = await EnrollAsync(token, "node-to-retire", Csr(key), Quote(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
        var body = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());

        using var deactivated = await _admin.PostAsync($"/v1/nodes/{body.GetProperty("node_id").GetString()}/deactivate", null);
        var crl = CertificateRevocationList.Parse(await _anonymous.GetByteArrayAsync($"/v1/zones/{_zoneId}/crl"));

        Assert.Equal("DEACTIVATED", (await deactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetProperty("status").GetString());
        Assert.True(crl.IsRevoked(certificate));
    }

    private bool ChainsToZoneRoot(X509Certificate2 leaf, string chainPem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(_zoneRootPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var extra = new X509Certificate2Collection();
        extra.ImportFromPem(chainPem);
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        return chain.Build(leaf);
    }

    private async Task<string> JoinTokenAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{_zoneId}/token")).GetProperty("token").GetString()!;

    private async Task<int> CountNodesAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>("/v1/nodes")).GetProperty("metadata").GetProperty("total_count").GetInt32();

    private async Task<HttpResponseMessage> EnrollAsync(string token, string name, string csr, byte[] evidence)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes")
        {
            Content = JsonContent.Create(new { name, attestation_request = new { csr, evidence = Convert.ToBase64String(evidence) } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        return await _anonymous.SendAsync(request);
    }

    private static string Csr(ECDsa key) =>
        new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private byte[] Quote(byte[] reportData)
    {
        using var platform = SimulatedSgxPlatform.OpenOrCreate(Path.Combine(_directory, "simulated"));
        return platform.CreateQuote(platform.CreateEnclave(SHA256.HashData("node agent"u8), SHA256.HashData("openccm"u8), 1, 1), reportData);
    }

    private async Task<HttpClient> LogInAsync(string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await _anonymous.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = _anonymous.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
