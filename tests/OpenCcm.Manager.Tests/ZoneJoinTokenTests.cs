using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Models;
using OpenCcm.Core.Security;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Zones;
using static OpenCcm.Manager.Tests.ZoneSupport;

namespace OpenCcm.Manager.Tests;

/// <summary>Join tokens: new and random on every request, stored hashed, expiring, listed without the secret, revocable, validated by hash.</summary>
public class ZoneJoinTokenTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task EachRequest_MakesANewToken_StoredOnlyAsItsHash_AndAuditedWithoutIt()
    {
        using var alice = await NewAccountAsync(manager, "tokens-new");

        using var firstResponse = await alice.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/token");
        var first = await firstResponse.Content.ReadFromJsonAsync<JsonElement>();
        var second = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var firstToken = first.GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Contains("no-store", firstResponse.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("ccmj_", firstToken, StringComparison.Ordinal);
        Assert.True(firstToken.Length >= 45);
        Assert.NotEqual(firstToken, second.GetProperty("token").GetString());
        await using var store = OpenStore(manager);
        await using var scope = store.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IJoinTokenStore>().GetAsync(first.GetProperty("token_id").GetGuid());
        Assert.Equal(TokenHash.Compute(firstToken), stored!.TokenHash);
        var audit = await AuditAsync(manager, alice.AccountId);
        Assert.Equal(2, audit.Count(e => e.Action == "zone.join_token.create"));
        Assert.DoesNotContain(audit, e => e.Details.Contains(firstToken, StringComparison.Ordinal) || e.Subject.Contains(firstToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_IsSevenDaysByDefault_AndConfigurableUpTo30Days()
    {
        using var alice = await NewAccountAsync(manager, "tokens-expiry");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var byDefault = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var minute = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token?expires_in=60");
        var month = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token?expires_in=2592000");

        Assert.InRange(byDefault.GetProperty("expires_at").GetInt64() - now, 7 * 86400 - 5, 7 * 86400 + 5);
        Assert.InRange(minute.GetProperty("expires_at").GetInt64() - now, 55, 65);
        Assert.InRange(month.GetProperty("expires_at").GetInt64() - now, 30 * 86400 - 5, 30 * 86400 + 5);
        foreach (var bad in new[] { "0", "-1", "2592001", "soon", "99999999999999999999" })
        {
            using var response = await alice.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/token?expires_in={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationFailed", await Code(response));
        }

        var list = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/tokens");
        Assert.Equal(3, list.GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Listing_ShowsMetadata_NeverTheToken()
    {
        using var alice = await NewAccountAsync(manager, "tokens-list");
        var issued = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var me = await alice.Client.GetFromJsonAsync<JsonElement>("/v1/user");

        var text = await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}/tokens");
        var item = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray());

        Assert.DoesNotContain(issued.GetProperty("token").GetString()!, text, StringComparison.Ordinal);
        Assert.False(item.TryGetProperty("token", out _));
        Assert.Equal(issued.GetProperty("token_id").GetGuid(), item.GetProperty("token_id").GetGuid());
        Assert.Equal(alice.DefaultZoneId, item.GetProperty("zone_id").GetGuid());
        Assert.Equal("ACTIVE", item.GetProperty("status").GetString());
        Assert.Equal(me.GetProperty("user_id").GetGuid(), item.GetProperty("created_by").GetGuid());
        Assert.Equal(issued.GetProperty("expires_at").GetInt64(), item.GetProperty("expires_at").GetInt64());
        Assert.True(item.GetProperty("created_at").GetInt64() > 0);
        Assert.False(item.TryGetProperty("revoked_at", out _));
    }

    [Fact]
    public async Task Roles_ReadersMayList_WritersMayCreate_ManagersMayRevoke()
    {
        using var alice = await NewAccountAsync(manager, "tokens-roles");
        using var reader = await MemberAsync(manager, alice.AccountId, AccountRole.Reader);
        using var writer = await MemberAsync(manager, alice.AccountId, AccountRole.Writer);

        using var byReader = await reader.GetAsync($"/v1/zones/{alice.DefaultZoneId}/token");
        using var readerList = await reader.GetAsync($"/v1/zones/{alice.DefaultZoneId}/tokens");
        var byWriter = await writer.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var tokenId = byWriter.GetProperty("token_id").GetGuid();
        using var writerRevoke = await writer.DeleteAsync($"/v1/zones/{alice.DefaultZoneId}/tokens/{tokenId}");

        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Equal("Forbidden", await Code(byReader));
        Assert.Equal(HttpStatusCode.OK, readerList.StatusCode);
        Assert.Equal("Forbidden", await Code(writerRevoke));
        var item = Assert.Single((await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/tokens")).GetProperty("items").EnumerateArray());
        Assert.Equal("ACTIVE", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherAccount_CannotMakeListOrRevokeTokensOfMyZone()
    {
        using var alice = await NewAccountAsync(manager, "tokens-alice");
        using var mallory = await NewAccountAsync(manager, "tokens-mallory");
        var aliceToken = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var tokenId = aliceToken.GetProperty("token_id").GetGuid();

        using var make = await mallory.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/token");
        using var list = await mallory.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}/tokens");
        using var revoke = await mallory.Client.DeleteAsync($"/v1/zones/{alice.DefaultZoneId}/tokens/{tokenId}");
        // Alice's token id under Mallory's own zone: still not Mallory's to revoke.
        using var crossZone = await mallory.Client.DeleteAsync($"/v1/zones/{mallory.DefaultZoneId}/tokens/{tokenId}");

        foreach (var response in new[] { make, list, revoke, crossZone })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NotFound", await Code(response));
        }

        var item = Assert.Single((await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/tokens")).GetProperty("items").EnumerateArray());
        Assert.Equal("ACTIVE", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoking_MarksTheToken_Once_AndItNoLongerValidates()
    {
        using var alice = await NewAccountAsync(manager, "tokens-revoke");
        var issued = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/token");
        var tokenId = issued.GetProperty("token_id").GetGuid();
        var token = issued.GetProperty("token").GetString()!;
        Assert.NotNull(await ValidateAsync(token));

        using var revoked = await alice.Client.DeleteAsync($"/v1/zones/{alice.DefaultZoneId}/tokens/{tokenId}");
        using var again = await alice.Client.DeleteAsync($"/v1/zones/{alice.DefaultZoneId}/tokens/{tokenId}");
        using var unknown = await alice.Client.DeleteAsync($"/v1/zones/{alice.DefaultZoneId}/tokens/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Conflict", await Code(again));
        Assert.Equal("NotFound", await Code(unknown));
        var item = Assert.Single((await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}/tokens")).GetProperty("items").EnumerateArray());
        Assert.Equal("REVOKED", item.GetProperty("status").GetString());
        Assert.True(item.GetProperty("revoked_at").GetInt64() > 0);
        Assert.Null(await ValidateAsync(token));
        Assert.Single(await AuditAsync(manager, alice.AccountId), e => e.Action == "zone.join_token.revoke");
    }

    [Fact]
    public async Task Validate_GivesTheTokenAndItsZone_OnlyWhileUsable()
    {
        using var alice = await NewAccountAsync(manager, "tokens-validate");
        using var added = await alice.Client.PostAsJsonAsync("/v1/zones", new { name = "second" });
        var secondZone = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("zone_id").GetGuid();
        var issued = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{secondZone}/token?expires_in=60");
        var token = issued.GetProperty("token").GetString()!;

        var usable = await ValidateAsync(token);
        var expired = await ValidateAsync(token, DateTimeOffset.UtcNow.AddSeconds(61));

        Assert.NotNull(usable);
        Assert.Equal(issued.GetProperty("token_id").GetGuid(), usable.Token.Id);
        Assert.Equal(secondZone, usable.Zone.Id);
        Assert.Equal(alice.AccountId, usable.Zone.AccountId);
        Assert.Null(expired);
        Assert.Null(await ValidateAsync(token + "x"));
        Assert.Null(await ValidateAsync(token[..^1]));
        Assert.Null(await ValidateAsync(""));
        Assert.Null(await ValidateAsync(null));
        Assert.Null(await ValidateAsync(new string('a', 100_000)));
        Assert.Null(await ValidateAsync(SecretToken.Generate(JoinTokens.Prefix)));
    }

    private async Task<UsableJoinToken?> ValidateAsync(string? token, DateTimeOffset? at = null)
    {
        await using var store = OpenStore(manager);
        await using var scope = store.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var tokens = new JoinTokens(
            services.GetRequiredService<IJoinTokenStore>(), services.GetRequiredService<IZoneStore>(), services.GetRequiredService<IAuditStore>(),
            services.GetRequiredService<IStoreTransactions>(), at is { } fixedTime ? new FixedTime(fixedTime) : TimeProvider.System);
        return await tokens.ValidateAsync(token);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
