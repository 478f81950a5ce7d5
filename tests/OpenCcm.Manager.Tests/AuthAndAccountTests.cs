using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Log in as Fortanix CCM scripts do (Basic → bearer), accounts with their default zone, and isolation between users.</summary>
public class AuthAndAccountTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task TheBootstrapAdministrator_LogsIn_AndSeesItself()
    {
        using var admin = await manager.LogInAsync(RunningManager.AdminEmail, RunningManager.AdminPassword);

        var me = await admin.GetFromJsonAsync<JsonElement>("/v1/user");

        Assert.Equal(RunningManager.AdminEmail, me.GetProperty("user_email").GetString());
        Assert.True(me.GetProperty("is_system_administrator").GetBoolean());
    }

    [Fact]
    public async Task WrongPassword_AndNoCredentials_Are401Problems()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("admin@example.com:wrong"u8.ToArray()));
        using var wrong = await manager.Client.SendAsync(request);
        using var none = await manager.Client.PostAsync("/v1/sys/auth", null);
        using var garbage = await Send(HttpMethod.Get, "/v1/user", "not-a-token");

        foreach (var response in new[] { wrong, none, garbage })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Unauthorized", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task SignUp_RefusesWeakPasswords_BadEmails_AndDuplicates()
    {
        using var weak = await manager.Client.PostAsJsonAsync("/v1/users", new { user_email = "weak@example.com", user_password = "short" });
        using var bad = await manager.Client.PostAsJsonAsync("/v1/users", new { user_email = "no-at-sign", user_password = "long enough password" });
        using var first = await manager.Client.PostAsJsonAsync("/v1/users", new { user_email = "twice@example.com", user_password = "long enough password" });
        using var again = await manager.Client.PostAsJsonAsync("/v1/users", new { user_email = "TWICE@example.com", user_password = "long enough password" });
        using var malformed = await manager.Client.PostAsync("/v1/users", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("ValidationFailed", await Code(weak));
        Assert.Equal("ValidationFailed", await Code(bad));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("Conflict", await Code(again));
        Assert.Equal("MalformedJson", await Code(malformed));
    }

    [Fact]
    public async Task WrongContentType_AndOversizedBodies_AreProblems_AndCreateNothing()
    {
        using var text = await manager.Client.PostAsync("/v1/users", new StringContent("user_email=x", System.Text.Encoding.UTF8, "text/plain"));
        var huge = JsonSerializer.Serialize(new { user_email = "huge@example.com", user_password = new string('p', 100_000) });
        using var oversized = await manager.Client.PostAsync("/v1/users", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("UnsupportedMediaType", await Code(text));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("PayloadTooLarge", await Code(oversized));
        // Nothing was created: the same e-mail signs up now.
        using var after = await manager.Client.PostAsJsonAsync("/v1/users", new { user_email = "huge@example.com", user_password = "a long enough password" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task CreatingAnAccount_MakesTheCallerItsManager_WithADefaultZoneCa()
    {
        using var alice = await manager.LogInAsync("alice@example.com", "alice's long password", signUp: true);

        using var created = await alice.PostAsJsonAsync("/v1/accounts", new { name = "alice-account" });
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("MANAGER", account.GetProperty("roles")[0].GetString());
        Assert.NotEqual(JsonValueKind.Null, account.GetProperty("default_zone_id").ValueKind);
        var list = await alice.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(1, list.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal("alice-account", list.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnotherUser_CannotSeeOrSelectMyAccount()
    {
        using var bob = await manager.LogInAsync("bob@example.com", "bob's long password!", signUp: true);
        using var mallory = await manager.LogInAsync("mallory@example.com", "mallory's long password", signUp: true);
        using var created = await bob.PostAsJsonAsync("/v1/accounts", new { name = "bob-account" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acct_id").GetString();

        using var get = await mallory.GetAsync($"/v1/accounts/{id}");
        using var select = await mallory.PostAsync($"/v1/accounts/select_account/{id}", null);
        using var own = await bob.PostAsync($"/v1/accounts/select_account/{id}", null);

        Assert.Equal("NotFound", await Code(get));
        Assert.Equal("NotFound", await Code(select));
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal(0, (await mallory.GetFromJsonAsync<JsonElement>("/v1/accounts")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task LoggingOut_RevokesTheToken()
    {
        var client = await manager.LogInAsync(RunningManager.AdminEmail, RunningManager.AdminPassword);

        using var logout = await client.PostAsync("/v1/sys/logout", null);
        using var after = await client.GetAsync("/v1/user");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        client.Dispose();
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", bearer);
        return await manager.Client.SendAsync(request);
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
