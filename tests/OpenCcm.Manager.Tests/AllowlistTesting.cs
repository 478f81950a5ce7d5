using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>A user who created and selected an account of their own: where every allowlisting test starts.</summary>
internal sealed class AllowlistAccount : IDisposable
{
    public const string Password = "a long enough test password";

    private AllowlistAccount(RunningManager manager, HttpClient client, Guid accountId, Guid defaultZoneId, string email)
    {
        Manager = manager;
        Client = client;
        AccountId = accountId;
        DefaultZoneId = defaultZoneId;
        Email = email;
    }

    public RunningManager Manager { get; }

    public HttpClient Client { get; }

    public Guid AccountId { get; }

    public Guid DefaultZoneId { get; }

    public string Email { get; }

    public static async Task<AllowlistAccount> CreateAsync(RunningManager manager, string prefix = "owner")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var client = await manager.LogInAsync(email, Password, signUp: true);
        using var created = await client.PostAsJsonAsync("/v1/accounts", new { name = $"{prefix}-{Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var account = await created.ReadJsonAsync();
        var accountId = account.GetProperty("acct_id").GetGuid();
        using var selected = await client.PostAsync($"/v1/accounts/select_account/{accountId}", null);
        selected.EnsureSuccessStatusCode();
        return new AllowlistAccount(manager, client, accountId, account.GetProperty("default_zone_id").GetGuid(), email);
    }

    /// <summary>Signs up another user, makes them a member with <paramref name="role"/>, and returns their client with the account selected.</summary>
    public async Task<HttpClient> AddMemberAsync(string role, string prefix = "member")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var client = await Manager.LogInAsync(email, Password, signUp: true);
        using var added = await Client.PostAsJsonAsync($"/v1/accounts/{AccountId}/members", new { user_email = email, role });
        added.EnsureSuccessStatusCode();
        using var selected = await client.PostAsync($"/v1/accounts/select_account/{AccountId}", null);
        selected.EnsureSuccessStatusCode();
        return client;
    }

    public async Task<JsonElement> CreateAppAsync(string[]? domains = null, string? name = null)
    {
        using var response = await Client.PostAsJsonAsync("/v1/apps", new { name = name ?? $"app-{Guid.NewGuid():N}", allowed_domains = domains ?? [] });
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    public async Task<JsonElement> CreateSgxBuildAsync(Guid appId, string? mrenclave = null)
    {
        using var response = await Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(appId, mrenclave));
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    /// <summary>Sets the default zone's task quorum (<c>PATCH /v1/zones/{id}</c>, as the account's MANAGER).</summary>
    public async Task SetApprovalsRequiredAsync(int approvals)
    {
        using var response = await Client.PatchAsJsonAsync($"/v1/zones/{DefaultZoneId}", new { policy = new { approvals_required = approvals } });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The account's audit entries (<c>GET /v1/audit</c>), oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> AuditAsync() =>
        [.. (await GetAsync("/v1/audit?limit=1000")).GetProperty("items").EnumerateArray()];

    public Task<HttpResponseMessage> DecideAsync(Guid taskId, string status, HttpClient? client = null) =>
        (client ?? Client).PatchAsJsonAsync($"/v1/tasks/{taskId}", new { status });

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Request bodies and random measurements.</summary>
internal static class AllowlistBodies
{
    public static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    public static object SgxBuild(Guid appId, string? mrenclave = null) => new
    {
        app_id = appId, mrenclave = mrenclave ?? Hex(32), mrsigner = Hex(32), isvprodid = 1, isvsvn = 2,
    };
}

internal static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string?> CodeAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
