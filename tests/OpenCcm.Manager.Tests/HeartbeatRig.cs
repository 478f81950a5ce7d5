using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// A manager on real HTTPS (restartable on the same data directory) with an account, an approved app and build, and
/// helpers to enroll simulated nodes, get workload certificates through <c>POST /v1/certificates</c> and post heartbeat
/// batches over node mTLS exactly as the node agent relays them.
/// </summary>
public sealed class HeartbeatRig : IAsyncDisposable
{
    public const string Domain = "hb.example.com";
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "a long admin password";
    private static readonly byte[] MrSigner = SHA256.HashData("workload signer"u8);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-heartbeat-{Guid.NewGuid():N}");
    private readonly byte[] _mrEnclave = RandomNumberGenerator.GetBytes(32);
    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedEnclave _agent;
    private WebApplication? _app;

    private HeartbeatRig()
    {
        _platform = SimulatedSgxPlatform.OpenOrCreate(Path.Combine(_directory, "simulated"));
        _agent = _platform.CreateEnclave(SHA256.HashData("node agent"u8), SHA256.HashData("openccm"u8), 1, 1);
    }

    public HttpClient Admin { get; private set; } = null!;

    public string AccountId { get; private set; } = "";

    public string ZoneId { get; private set; } = "";

    public string AppId { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    private string HttpsUrl => _app!.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal));

    public string HttpUrl => _app!.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal));

    public static async Task<HeartbeatRig> StartAsync()
    {
        var rig = new HeartbeatRig();
        await rig.StartManagerAsync();
        using var account = await rig.Admin.PostAsJsonAsync("/v1/accounts", new { name = "heartbeats" });
        var created = await account.Content.ReadFromJsonAsync<JsonElement>();
        rig.AccountId = created.GetProperty("acct_id").GetString()!;
        rig.ZoneId = created.GetProperty("default_zone_id").GetString()!;
        (await rig.Admin.PostAsync($"/v1/accounts/select_account/{rig.AccountId}", null)).EnsureSuccessStatusCode();
        rig.AppId = await rig.RegisterAppAsync();
        return rig;
    }

    /// <summary>Stops the manager and starts a new one on the same data directory (clients must be created again).</summary>
    public async Task RestartAsync()
    {
        Admin.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await StartManagerAsync();
        (await Admin.PostAsync($"/v1/accounts/select_account/{AccountId}", null)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _platform.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    public async Task<(string NodeId, X509Certificate2 Certificate)> EnrollAsync(string name)
    {
        var token = (await Admin.GetFromJsonAsync<JsonElement>($"/v1/zones/{ZoneId}/token")).GetProperty("token").GetString()!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var quote = _platform.CreateQuote(_agent, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes")
        {
            Content = JsonContent.Create(new { name, attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var issued = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        using var withKey = issued.CopyWithPrivateKey(key);
        return (body.GetProperty("node_id").GetString()!, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>A workload certificate issued to the node: its id and serial (lowercase hex).</summary>
    public async Task<(string CertificateId, string Serial)> IssueAsync(X509Certificate2 node)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Domain}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Domain);
        request.CertificateExtensions.Add(san.Build());
        var enclave = _platform.CreateEnclave(_mrEnclave, MrSigner, 1, 2);
        var report = _platform.CreateReport(_agent.TargetInfo, enclave, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        using var client = NodeClient(node);
        using var response = await client.PostAsJsonAsync("/v1/certificates",
            new { csr = request.CreateSigningRequestPem(), evidence = Convert.ToBase64String(report), format = "sgx-report" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        return (body.GetProperty("certificate_id").GetString()!, certificate.SerialNumber.ToLowerInvariant());
    }

    public HttpClient NodeClient(X509Certificate2 certificate)
    {
        var handler = TrustingManagerCa(new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual });
        handler.ClientCertificates.Add(certificate);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
    }

    /// <summary>One relayed heartbeat, as the agent posts it (the payload JSON base64, a signature, the serial).</summary>
    public static object Heartbeat(string serial, Guid instance, long sequence, string status = "running", int interval = 60, int? exitCode = null) => new
    {
        payload = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["instance_id"] = instance, ["sequence"] = sequence, ["status"] = status, ["sent_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["interval_seconds"] = interval, ["exit_code"] = exitCode,
        })),
        signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(72)),
        certificate_serial = serial,
    };

    public static async Task<JsonElement> PostAsync(HttpClient node, params object[] heartbeats)
    {
        using var response = await node.PostAsJsonAsync("/v1/heartbeats", new { heartbeats });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> InstanceAsync(Guid instance) => await Admin.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}");

    public async Task<string[]> AuditActionsAsync(Guid instance)
    {
        await using var scope = Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditStore>().ListAsync(new AuditQuery { AccountId = Guid.Parse(AccountId), Limit = 1000 });
        return [.. entries.Where(e => e.Subject == "instance:" + instance).Select(e => e.Action)];
    }

    public async Task<HttpClient> MemberAsync(string role)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        using (var anonymous = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) })
        {
            (await anonymous.PostAsJsonAsync("/v1/users", new { user_email = email, user_password = "a long member password" })).EnsureSuccessStatusCode();
        }

        (await Admin.PostAsJsonAsync($"/v1/accounts/{AccountId}/members", new { user_email = email, role })).EnsureSuccessStatusCode();
        var client = await LogInAsync(email, "a long member password");
        (await client.PostAsync($"/v1/accounts/select_account/{AccountId}", null)).EnsureSuccessStatusCode();
        return client;
    }

    public async Task<HttpClient> LogInAsync(string email, string password)
    {
        var client = new HttpClient(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await client.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => new(TrustingManagerCa(new HttpClientHandler()), disposeHandler: true) { BaseAddress = new Uri(HttpsUrl) };

    private async Task StartManagerAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), PasswordHashIterations = 1_000, AllowSimulated = true,
            SimulatedDirectory = Path.Combine(_directory, "simulated"), AdminEmail = AdminEmail, AdminPassword = AdminPassword,
            InstanceSweepInterval = TimeSpan.FromHours(1), // the tests sweep themselves
            InstanceUnresponsiveMinimum = TimeSpan.FromSeconds(1),
        };
        options.Listen.Add("https://127.0.0.1:0");
        options.Listen.Add("http://127.0.0.1:0");
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        Admin = await LogInAsync(AdminEmail, AdminPassword);
    }

    private async Task<string> RegisterAppAsync()
    {
        using var created = await Admin.PostAsJsonAsync("/v1/apps", new { name = $"app-{Guid.NewGuid():N}", allowed_domains = new[] { Domain } });
        var app = await created.Content.ReadFromJsonAsync<JsonElement>();
        await ApproveAsync(app.GetProperty("pending_task_id").GetString()!);
        var appId = app.GetProperty("app_id").GetString()!;
        using var build = await Admin.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, mrenclave = Convert.ToHexStringLower(_mrEnclave), mrsigner = Convert.ToHexStringLower(MrSigner), isvprodid = 1, isvsvn = 2,
        });
        build.EnsureSuccessStatusCode();
        await ApproveAsync((await build.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pending_task_id").GetString()!);
        return appId;
    }

    private async Task ApproveAsync(string taskId) =>
        (await Admin.PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status = "APPROVED" })).EnsureSuccessStatusCode();

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
}
