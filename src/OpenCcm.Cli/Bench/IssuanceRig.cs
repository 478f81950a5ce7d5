using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Cli.Admin;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Cli.Bench;

/// <summary>
/// Everything <c>ccm bench issue</c> needs before it measures: a manager (in this process, HTTPS on loopback, simulated
/// TEEs allowed), an account with an approved app and build, simulated nodes enrolled with their node certificates,
/// and a pool of ready workload requests (key, CSR naming the approved domain, a REPORT binding the key) — all through
/// the same REST endpoints agents and administrators use.
/// </summary>
internal sealed class IssuanceRig : IAsyncDisposable
{
    public const string Domain = "bench.openccm.test";
    private const string InProcessEmail = "bench@example.com";
    private const string InProcessPassword = "benchmark administrator password";
    private readonly string? _directory;
    private readonly WebApplication? _manager;
    private readonly string _email;
    private readonly string _password;

    private IssuanceRig(string? directory, WebApplication? manager, string url, string? caFile, string email, string password)
    {
        _directory = directory;
        _manager = manager;
        _email = email;
        _password = password;
        Url = url;
        CaFile = caFile;
    }

    public string Url { get; }

    /// <summary>The manager's CA certificate (PEM), or null to trust the system's roots.</summary>
    public string? CaFile { get; }

    /// <summary>The account the rig created for its app, build and nodes.</summary>
    public string AccountId { get; private set; } = "";

    public List<X509Certificate2> NodeCertificates { get; } = [];

    public List<byte[]> Requests { get; } = [];

    public static async Task<IssuanceRig> StartAsync(string database, int nodes, int requests, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ccm-bench-{Guid.NewGuid():N}");
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(directory, "manager"), Database = database, AllowSimulated = true,
            SimulatedDirectory = Path.Combine(directory, "simulated"), PasswordHashIterations = 1_000, AdminEmail = InProcessEmail, AdminPassword = InProcessPassword,
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.None,
        };
        options.Listen.Add("https://127.0.0.1:0");
        var manager = ManagerHost.Build(options);
        await manager.StartAsync(cancellationToken).ConfigureAwait(false);
        var rig = new IssuanceRig(directory, manager, manager.Urls.First(), Path.Combine(options.DataDirectory, "manager-ca.pem"), InProcessEmail, InProcessPassword);
        await rig.PrepareAsync(options.SimulatedDirectory!, nodes, requests, cancellationToken).ConfigureAwait(false);
        return rig;
    }

    /// <summary>
    /// The same setup against a running manager (HTTPS, started with --allow-simulated and the simulated directory this
    /// process uses, CCM_SIMULATED_DIR): a user who may create accounts, a new account for the run, nodes and requests.
    /// </summary>
    /// <param name="simulatedDirectory">The manager's simulated platform directory (default: $CCM_SIMULATED_DIR's).</param>
    public static async Task<IssuanceRig> ConnectAsync(
        string url, string? caFile, string email, string password, int nodes, int requests, CancellationToken cancellationToken,
        string? simulatedDirectory = null)
    {
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("--manager must be an https:// URL: nodes authenticate with client certificates.");
        }

        var rig = new IssuanceRig(null, null, url.TrimEnd('/') + "/", caFile, email, password);
        await rig.PrepareAsync(simulatedDirectory ?? SimulatedPlatforms.Directory(null), nodes, requests, cancellationToken).ConfigureAwait(false);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.StopAsync().ConfigureAwait(false);
            await _manager.DisposeAsync().ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        foreach (var certificate in NodeCertificates)
        {
            certificate.Dispose();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>An HTTPS client that presents one node's certificate, as the node agent does.</summary>
    public HttpClient NodeClient(int node)
    {
        var handler = new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual };
        handler.ClientCertificates.Add(NodeCertificates[node % NodeCertificates.Count]);
        if (CaFile is null)
        {
            return new HttpClient(handler) { BaseAddress = new Uri(Url) };
        }

        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(CaFile);
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(certificate);
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Url) };
    }

    private async Task PrepareAsync(string simulated, int nodes, int requests, CancellationToken cancellationToken)
    {
        using var admin = await LogInAsync(cancellationToken).ConfigureAwait(false);
        var account = await PostAsync(admin, "v1/accounts", new { name = $"bench-{Guid.NewGuid():N}"[..18] }, cancellationToken).ConfigureAwait(false);
        AccountId = account.GetProperty("acct_id").GetString()!;
        await PostAsync(admin, $"v1/accounts/select_account/{AccountId}", null, cancellationToken).ConfigureAwait(false);
        var zone = account.GetProperty("default_zone_id").GetString();
        var app = await PostAsync(admin, "v1/apps", new { name = "bench-app", allowed_domains = new[] { Domain } }, cancellationToken).ConfigureAwait(false);
        await ApproveAsync(admin, app.GetProperty("pending_task_id").GetString()!, cancellationToken).ConfigureAwait(false);

        using var platform = SimulatedSgxPlatform.OpenOrCreate(simulated);
        var workload = platform.CreateEnclave(SHA256.HashData("bench workload"u8), SHA256.HashData("bench signer"u8), 1, 1);
        var build = await PostAsync(admin, "v1/builds", new
        {
            app_id = app.GetProperty("app_id").GetString(), mrenclave = Convert.ToHexStringLower(workload.MrEnclave.Span),
            mrsigner = Convert.ToHexStringLower(workload.MrSigner.Span), isvprodid = 1, isvsvn = 1,
        }, cancellationToken).ConfigureAwait(false);
        await ApproveAsync(admin, build.GetProperty("pending_task_id").GetString()!, cancellationToken).ConfigureAwait(false);

        var token = (await GetAsync(admin, $"v1/zones/{zone}/token", cancellationToken).ConfigureAwait(false)).GetProperty("token").GetString()!;
        var agent = platform.CreateEnclave(SHA256.HashData("bench agent"u8), SHA256.HashData("bench signer"u8), 1, 1);
        for (var i = 0; i < nodes; i++)
        {
            NodeCertificates.Add(await EnrollAsync(platform, agent, token, $"bench-node-{i}", cancellationToken).ConfigureAwait(false));
        }

        for (var i = 0; i < requests; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={Domain}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(Domain);
            request.CertificateExtensions.Add(names.Build());
            var report = platform.CreateReport(platform.QeTargetInfo, workload, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            Requests.Add(JsonSerializer.SerializeToUtf8Bytes(new
            {
                csr = request.CreateSigningRequestPem(), evidence = Convert.ToBase64String(report), format = "sgx-report",
            }));
        }
    }

    private async Task<X509Certificate2> EnrollAsync(SimulatedSgxPlatform platform, SimulatedEnclave agent, string token, string name, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var quote = platform.CreateQuote(agent, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        using var client = ManagerClient.Create(Url, CaFile, token);
        using var response = await client.PostAsJsonAsync("v1/nodes", new { name, attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } }, cancellationToken)
            .ConfigureAwait(false);
        var body = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        using var certificate = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        using var withKey = certificate.CopyWithPrivateKey(key);
        // Export/import so the key lives in a form TLS client authentication can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    private async Task<HttpClient> LogInAsync(CancellationToken cancellationToken)
    {
        using var anonymous = ManagerClient.Create(Url, CaFile, null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_email}:{_password}")));
        using var response = await anonymous.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return ManagerClient.Create(Url, CaFile, body.GetProperty("access_token").GetString());
    }

    private static async Task ApproveAsync(HttpClient admin, string task, CancellationToken cancellationToken)
    {
        using var response = await admin.PatchAsJsonAsync($"v1/tasks/{task}", new { status = "APPROVED" }, cancellationToken).ConfigureAwait(false);
        await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = body is null
            ? await client.PostAsync(path, null, cancellationToken).ConfigureAwait(false)
            : await client.PostAsJsonAsync(path, body, cancellationToken).ConfigureAwait(false);
        return await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
