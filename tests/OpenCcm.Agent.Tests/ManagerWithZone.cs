using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Agent.Tests;

/// <summary>
/// A real manager on a loopback HTTPS port (simulated TEEs allowed, its own simulated directory), with an account, an
/// app whose domain is approved, an approved build of the workload enclave, and a join token — as an operator sets it up.
/// </summary>
public sealed class ManagerWithZone : IAsyncLifetime
{
    public const string Domain = "demo.agent.test";
    private const string Email = "admin@example.com";
    private const string Password = "correct horse battery staple";
    private readonly Action<ManagerOptions>? _configure;
    private WebApplication? _manager;
    private ManagerOptions? _options;

    public ManagerWithZone()
    {
    }

    /// <summary>A manager whose options <paramref name="configure"/> adjusts (e.g. a fast unresponsive-instance sweep).</summary>
    public ManagerWithZone(Action<ManagerOptions> configure) => _configure = configure;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-agent-tests-{Guid.NewGuid():N}");

    public string SimulatedDirectory => Path.Combine(Directory, "simulated");

    public string CaFile => Path.Combine(Directory, "manager", "manager-ca.pem");

    public Uri Url { get; private set; } = null!;

    public string JoinToken { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public SimulatedSgxPlatform Platform { get; private set; } = null!;

    /// <summary>The approved workload enclave (its build is WHITELISTED, its app's domain approved).</summary>
    public SimulatedEnclave Workload { get; private set; } = null!;

    /// <summary>An enclave of no registered build.</summary>
    public SimulatedEnclave Unapproved { get; private set; } = null!;

    public AgentOptions AgentOptions(string dataDirectory, string name = "node") => new()
    {
        ManagerUrl = Url, JoinToken = JoinToken, ManagerCaFile = CaFile, DataDirectory = dataDirectory, SimulatedDirectory = SimulatedDirectory,
        Listen = "127.0.0.1:0", NodeName = name, MinimumLogLevel = LogLevel.Warning, StatusIntervalSeconds = 3600,
        RelayInitialBackoff = TimeSpan.FromMilliseconds(50), RelayMaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    public string NewDataDirectory() => Path.Combine(Directory, "agent-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(Directory, "manager"), AllowSimulated = true, SimulatedDirectory = SimulatedDirectory,
            PasswordHashIterations = 1_000, AdminEmail = Email, AdminPassword = Password, MinimumLogLevel = LogLevel.None,
        };
        options.Listen.Add("https://127.0.0.1:0");
        _configure?.Invoke(options);
        _options = options;
        _manager = ManagerHost.Build(options);
        await _manager.StartAsync();
        Url = new Uri(_manager.Urls.First());
        options.Listen.Clear();
        options.Listen.Add(Url.AbsoluteUri.TrimEnd('/'));
        Platform = SimulatedSgxPlatform.OpenOrCreate(SimulatedDirectory);
        Workload = Platform.CreateEnclave(SHA256.HashData("agent test workload"u8), SHA256.HashData("agent test signer"u8), 1, 1);
        Unapproved = Platform.CreateEnclave(SHA256.HashData("unregistered workload"u8), SHA256.HashData("agent test signer"u8), 1, 1);
        Admin = await LogInAsync();
        await PrepareAsync();
    }

    /// <summary>Stops the manager (its store stays), waits for <paramref name="whileDown"/>, and starts it again on the same port.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await _manager!.StopAsync();
        await _manager.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _manager = null;
        await whileDown();
        _manager = ManagerHost.Build(_options!);
        await _manager.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Platform.Dispose();
        if (_manager is not null)
        {
            await _manager.StopAsync();
            await _manager.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public HttpClient Client(string? bearer = null)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(CaFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Url };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<JsonElement> PostAsync(string path, object? body)
    {
        using var response = body is null ? await Admin.PostAsync(path, null) : await Admin.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        return await ReadAsync(response);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpClient> LogInAsync()
    {
        using var anonymous = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sys/auth");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Email}:{Password}")));
        using var response = await anonymous.SendAsync(request);
        var body = await ReadAsync(response);
        return Client(body.GetProperty("access_token").GetString());
    }

    private async Task PrepareAsync()
    {
        var account = await PostAsync("v1/accounts", new { name = "agent-tests" });
        await PostAsync($"v1/accounts/select_account/{account.GetProperty("acct_id").GetString()}", null);
        var zone = account.GetProperty("default_zone_id").GetString();
        var app = await PostAsync("v1/apps", new { name = "agent-test-app", allowed_domains = new[] { Domain } });
        await ApproveAsync(app.GetProperty("pending_task_id").GetString()!);
        var build = await PostAsync("v1/builds", new
        {
            app_id = app.GetProperty("app_id").GetString(), mrenclave = Convert.ToHexStringLower(Workload.MrEnclave.Span),
            mrsigner = Convert.ToHexStringLower(Workload.MrSigner.Span), isvprodid = 1, isvsvn = 1,
        });
        await ApproveAsync(build.GetProperty("pending_task_id").GetString()!);
        JoinToken = (await GetAsync($"v1/zones/{zone}/token")).GetProperty("token").GetString()!;
    }

    private async Task ApproveAsync(string task)
    {
        using var response = await Admin.PatchAsJsonAsync($"v1/tasks/{task}", new { status = "APPROVED" });
        await ReadAsync(response);
    }
}
