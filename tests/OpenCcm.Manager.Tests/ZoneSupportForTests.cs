using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Manager.Tests;

/// <summary>What the zone, join token and CRL tests share: accounts with members of each role, and the manager's store.</summary>
internal static class ZoneSupport
{
    /// <summary>A new user with a new account, selected; the account's default zone.</summary>
    public static async Task<AccountSession> NewAccountAsync(RunningManager manager, string name)
    {
        var client = await manager.LogInAsync($"{name}-{Guid.NewGuid():N}@example.com", "a long enough password", signUp: true);
        using var created = await client.PostAsJsonAsync("/v1/accounts", new { name = $"{name}-{Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = account.GetProperty("acct_id").GetGuid();
        using var selected = await client.PostAsync($"/v1/accounts/select_account/{accountId}", null);
        selected.EnsureSuccessStatusCode();
        return new AccountSession(client, accountId, account.GetProperty("default_zone_id").GetGuid());
    }

    /// <summary>Another user who is a member of <paramref name="accountId"/> with <paramref name="role"/> (added through the store) and has selected it.</summary>
    public static async Task<HttpClient> MemberAsync(RunningManager manager, Guid accountId, AccountRole role)
    {
        var client = await manager.LogInAsync($"{role}-{Guid.NewGuid():N}@example.com", "a long enough password", signUp: true);
        var userId = (await client.GetFromJsonAsync<JsonElement>("/v1/user")).GetProperty("user_id").GetGuid();
        await using (var store = OpenStore(manager))
        {
            await using var scope = store.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAccountStore>()
                .AddMemberAsync(new AccountMember { AccountId = accountId, UserId = userId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        }

        using var selected = await client.PostAsync($"/v1/accounts/select_account/{accountId}", null);
        selected.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The running manager's SQLite store, opened beside it (for arranging data and reading the audit log).</summary>
    public static ServiceProvider OpenStore(RunningManager manager)
    {
        var sqlite = StoreOptions.ForSqliteFile(Path.Combine(manager.DataDirectory, "ccm.db"));
        return new ServiceCollection().AddOpenCcmStore(store =>
        {
            store.Provider = sqlite.Provider;
            store.ConnectionString = sqlite.ConnectionString;
        }).BuildServiceProvider();
    }

    public static async Task<IReadOnlyList<Core.Audit.AuditEntry>> AuditAsync(RunningManager manager, Guid accountId)
    {
        await using var store = OpenStore(manager);
        await using var scope = store.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditStore>().ListAsync(new AuditQuery { AccountId = accountId, Limit = 1000 });
    }

    public static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>A logged-in account manager with the account selected.</summary>
internal sealed record AccountSession(HttpClient Client, Guid AccountId, Guid DefaultZoneId) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
