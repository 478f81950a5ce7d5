using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Manager.Tests;

/// <summary>A user who created and selected an account of their own: where every allowlisting test starts.</summary>
internal sealed class AllowlistAccount : IDisposable
{
    public const string Password = "a long enough test password";

    private AllowlistAccount(RunningManager manager, HttpClient client, Guid accountId, string email)
    {
        Manager = manager;
        Client = client;
        AccountId = accountId;
        Email = email;
    }

    public RunningManager Manager { get; }

    public HttpClient Client { get; }

    public Guid AccountId { get; }

    public string Email { get; }

    public static async Task<AllowlistAccount> CreateAsync(RunningManager manager, string prefix = "owner")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var client = await manager.LogInAsync(email, Password, signUp: true);
        using var created = await client.PostAsJsonAsync("/v1/accounts", new { name = $"{prefix}-{Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var accountId = (await created.ReadJsonAsync()).GetProperty("acct_id").GetGuid();
        using var selected = await client.PostAsync($"/v1/accounts/select_account/{accountId}", null);
        selected.EnsureSuccessStatusCode();
        return new AllowlistAccount(manager, client, accountId, email);
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

/// <summary>Direct access to a running manager's SQLite store, for what the API does not expose yet (zone policy, audit).</summary>
internal static class ManagerStore
{
    public static async Task SetApprovalsRequiredAsync(RunningManager manager, Guid accountId, int approvals)
    {
        await using var services = Open(manager);
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
        var zones = scope.ServiceProvider.GetRequiredService<IZoneStore>();
        var account = await accounts.GetAsync(accountId) ?? throw new InvalidOperationException("no such account");
        var zone = await zones.GetAsync(account.DefaultZoneId!.Value) ?? throw new InvalidOperationException("no default zone");
        await zones.UpdateAsync(zone with { Policy = zone.Policy with { ApprovalsRequired = approvals } });
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(RunningManager manager, Guid accountId)
    {
        await using var services = Open(manager);
        await using var scope = services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditStore>();
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = await audit.ListAsync(new AuditQuery { AccountId = accountId, AfterSequence = entries.Count == 0 ? 0 : entries[^1].Sequence, Limit = 1000 });
            entries.AddRange(page);
            if (page.Count < 1000)
            {
                return entries;
            }
        }
    }

    private static ServiceProvider Open(RunningManager manager)
    {
        var sqlite = StoreOptions.ForSqliteFile(Path.Combine(manager.DataDirectory, "ccm.db"));
        return new ServiceCollection()
            .AddOpenCcmStore(store =>
            {
                store.Provider = sqlite.Provider;
                store.ConnectionString = sqlite.ConnectionString;
            })
            .BuildServiceProvider();
    }
}
