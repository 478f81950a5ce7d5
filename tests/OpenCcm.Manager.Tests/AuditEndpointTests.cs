using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Every change is audited; members read their account's entries; only system administrators read the chain.</summary>
public class AuditEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task CreatingAnAccount_IsAudited_AndVisibleToItsMembersOnly()
    {
        using var carol = await manager.LogInAsync("carol@example.com", "carol's long password", signUp: true);
        using var created = await carol.PostAsJsonAsync("/v1/accounts", new { name = "carol-account" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acct_id").GetString();

        using var noAccount = await carol.GetAsync("/v1/audit");
        Assert.Equal(HttpStatusCode.Forbidden, noAccount.StatusCode);
        Assert.Equal("NoAccountSelected", (await noAccount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        (await carol.PostAsync($"/v1/accounts/select_account/{id}", null)).EnsureSuccessStatusCode();
        var entries = (await carol.GetFromJsonAsync<JsonElement>("/v1/audit")).GetProperty("items");

        var create = Assert.Single(entries.EnumerateArray(), e => e.GetProperty("action").GetString() == "account.create");
        Assert.Equal("carol@example.com", create.GetProperty("actor").GetString());
        Assert.Equal(64, create.GetProperty("hash").GetString()!.Length);
        Assert.All(entries.EnumerateArray(), e => Assert.Equal(id, e.GetProperty("acct_id").GetString()));
    }

    [Fact]
    public async Task TheWholeChain_IsForSystemAdministrators_AndVerifies()
    {
        using var dave = await manager.LogInAsync("dave@example.com", "dave's long password", signUp: true);
        using var admin = await manager.LogInAsync(RunningManager.AdminEmail, RunningManager.AdminPassword);

        using var refused = await dave.GetAsync("/v1/audit/chain");
        var verdict = await admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(verdict.GetProperty("intact").GetBoolean());
        Assert.True(verdict.GetProperty("entries_checked").GetInt64() >= 2);
    }
}
