using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace OpenCcm.Container.Tests;

/// <summary>
/// <c>ccm manager</c> as a child process (HTTPS on a loopback port, simulated TEEs allowed on a shared simulated
/// directory), set up through its API as an operator would: an account, an app whose domain is approved, a join token.
/// </summary>
internal sealed class ManagerChild : IAsyncDisposable
{
    private const string Email = "admin@container.test";
    private const string Password = "correct horse battery staple";
    private readonly ChildProcess _process;

    private ManagerChild(ChildProcess process, string dataDirectory, Uri url, HttpClient admin)
    {
        _process = process;
        CaFile = Path.Combine(dataDirectory, "manager-ca.pem");
        Url = url;
        Admin = admin;
    }

    public Uri Url { get; }

    /// <summary>The CA of the manager's TLS certificate (what the node agent trusts).</summary>
    public string CaFile { get; }

    /// <summary>Logged in as the administrator, account selected.</summary>
    public HttpClient Admin { get; }

    public string AppId { get; private set; } = "";

    public string JoinToken { get; private set; } = "";

    /// <summary>The zone root certificate (PEM), the only anchor a client of the workload needs.</summary>
    public string ZoneRoot { get; private set; } = "";

    public static async Task<ManagerChild> StartAsync(string directory, string simulatedDirectory, string domain)
    {
        var data = Path.Combine(directory, "manager");
        var process = Ccm.Start(
            new Dictionary<string, string> { ["CCM_ADMIN_EMAIL"] = Email, ["CCM_ADMIN_PASSWORD"] = Password, ["CCM_SIMULATED_DIR"] = simulatedDirectory },
            "manager", "--data-dir", data, "--listen", "https://127.0.0.1:0", "--allow-simulated", "--simulated-dir", simulatedDirectory);
        try
        {
            var url = new Uri(await process.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(90)));
            var admin = await LogInAsync(url, Path.Combine(data, "manager-ca.pem"));
            var manager = new ManagerChild(process, data, url, admin);
            await manager.PrepareAsync(domain);
            return manager;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Registers and approves a build of the app (POST /v1/builds, as for any image), from a conversion's result.</summary>
    public async Task ApproveBuildAsync(JsonElement conversion)
    {
        var build = await PostAsync("v1/builds", new
        {
            app_id = AppId, mrenclave = conversion.GetProperty("mrenclave").GetString(), mrsigner = conversion.GetProperty("mrsigner").GetString(),
            isvprodid = conversion.GetProperty("isvprodid").GetInt32(), isvsvn = conversion.GetProperty("isvsvn").GetInt32(),
        });
        await ApproveAsync(build.GetProperty("pending_task_id").GetString()!);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        return await ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private static async Task<HttpClient> LogInAsync(Uri url, string caFile)
    {
        using var anonymous = Client(url, caFile);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sys/auth");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{Password}")));
        using var response = await anonymous.SendAsync(request);
        var token = (await ReadAsync(response)).GetProperty("access_token").GetString();
        var client = Client(url, caFile);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpClient Client(Uri url, string caFile)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(caFile);
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
        return new HttpClient(handler) { BaseAddress = url };
    }

    private async Task PrepareAsync(string domain)
    {
        var account = await PostAsync("v1/accounts", new { name = "container-tests" });
        await PostAsync($"v1/accounts/select_account/{account.GetProperty("acct_id").GetString()}", null);
        var zone = account.GetProperty("default_zone_id").GetString();
        var app = await PostAsync("v1/apps", new { name = "openssl-s-server", allowed_domains = new[] { domain } });
        AppId = app.GetProperty("app_id").GetString()!;
        await ApproveAsync(app.GetProperty("pending_task_id").GetString()!);
        JoinToken = (await GetAsync($"v1/zones/{zone}/token")).GetProperty("token").GetString()!;
        ZoneRoot = (await GetAsync($"v1/zones/{zone}")).GetProperty("certificate").GetString()!;
    }

    private async Task ApproveAsync(string task)
    {
        using var response = await Admin.PatchAsJsonAsync($"v1/tasks/{task}", new { status = "APPROVED" });
        await ReadAsync(response);
    }

    private async Task<JsonElement> PostAsync(string path, object? body)
    {
        using var response = body is null ? await Admin.PostAsync(path, null) : await Admin.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
