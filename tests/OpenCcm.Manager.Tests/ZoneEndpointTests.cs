using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Core.Models;
using static OpenCcm.Manager.Tests.ZoneSupport;

namespace OpenCcm.Manager.Tests;

/// <summary><c>/v1/zones</c>: Fortanix fields, our policy extension, roles, validation and isolation between accounts.</summary>
public class ZoneEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task List_ShowsTheDefaultZone_WithTheFortanixFields_AndItsCa()
    {
        using var alice = await NewAccountAsync(manager, "zones-list");

        var list = await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones");

        Assert.Equal(1, list.GetProperty("metadata").GetProperty("total_count").GetInt32());
        var zone = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(alice.DefaultZoneId, zone.GetProperty("zone_id").GetGuid());
        Assert.Equal(alice.AccountId, zone.GetProperty("acct_id").GetGuid());
        Assert.Equal("Default Enclave Zone", zone.GetProperty("name").GetString());
        Assert.Equal(60, zone.GetProperty("node_refresh_interval").GetInt64());
        Assert.Equal(10 * 24 * 3600, zone.GetProperty("node_renewal_threshold").GetInt64());
        using var root = X509Certificate2.CreateFromPem(zone.GetProperty("certificate").GetString());
        using var issuing = X509Certificate2.CreateFromPem(zone.GetProperty("issuing_certificate").GetString());
        Assert.Contains("OpenCCM Zone Root", root.Subject, StringComparison.Ordinal);
        Assert.Contains(alice.DefaultZoneId.ToString(), root.Subject, StringComparison.Ordinal);
        Assert.Equal(root.Subject, issuing.Issuer);
        Assert.Equal(["UpToDate", "SWHardeningNeeded"], Strings(zone.GetProperty("policy").GetProperty("accepted_tcb_statuses")));
        Assert.Empty(Strings(zone.GetProperty("policy").GetProperty("allowed_tee_kinds")));
        Assert.Equal(1, zone.GetProperty("policy").GetProperty("approvals_required").GetInt32());
        Assert.EndsWith($"/v1/zones/{alice.DefaultZoneId}/crl", zone.GetProperty("crl_url").GetString(), StringComparison.Ordinal);
        var one = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}");
        Assert.Equal(zone.GetProperty("certificate").GetString(), one.GetProperty("certificate").GetString());
    }

    [Fact]
    public async Task AnotherAccountsZone_IsNotFound_AndNotListed()
    {
        using var alice = await NewAccountAsync(manager, "zones-alice");
        using var mallory = await NewAccountAsync(manager, "zones-mallory");

        using var get = await mallory.Client.GetAsync($"/v1/zones/{alice.DefaultZoneId}");
        using var patch = await mallory.Client.PatchAsJsonAsync($"/v1/zones/{alice.DefaultZoneId}", new { description = "mine now" });
        using var unknown = await mallory.Client.GetAsync($"/v1/zones/{Guid.NewGuid()}");
        var list = await mallory.Client.GetFromJsonAsync<JsonElement>("/v1/zones");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("NotFound", await Code(get));
        Assert.Equal("NotFound", await Code(patch));
        Assert.Equal("NotFound", await Code(unknown));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), z => z.GetProperty("zone_id").GetGuid() == alice.DefaultZoneId);
        var unchanged = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}");
        Assert.False(unchanged.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task WithoutAccountSelection_OrAuthentication_ZonesAreRefused()
    {
        using var fresh = await manager.LogInAsync($"noselect-{Guid.NewGuid():N}@example.com", "a long enough password", signUp: true);

        using var unselected = await fresh.GetAsync("/v1/zones");
        using var anonymous = await manager.Client.GetAsync("/v1/zones");

        Assert.Equal(HttpStatusCode.Forbidden, unselected.StatusCode);
        Assert.Equal("NoAccountSelected", await Code(unselected));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Paging_HonoursLimitAndOffset_AndRefusesBadValues()
    {
        using var alice = await NewAccountAsync(manager, "zones-paging");
        using var added = await alice.Client.PostAsJsonAsync("/v1/zones", new { name = "second" });
        added.EnsureSuccessStatusCode();

        var page = await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones?limit=1&offset=1");
        using var zeroLimit = await alice.Client.GetAsync("/v1/zones?limit=0");
        using var negative = await alice.Client.GetAsync("/v1/zones?offset=-1");

        Assert.Equal(2, page.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal("ValidationFailed", await Code(zeroLimit));
        Assert.Equal("ValidationFailed", await Code(negative));
    }

    [Fact]
    public async Task Manager_ChangesPolicyAndDescription_WhichIsAudited()
    {
        using var alice = await NewAccountAsync(manager, "zones-patch");

        using var patched = await alice.Client.PatchAsJsonAsync($"/v1/zones/{alice.DefaultZoneId}", new
        {
            description = "  production  ",
            policy = new { accepted_tcb_statuses = new[] { "UpToDate", "TDRelaunchAdvised" }, allowed_tee_kinds = new[] { "TDX", "SEV_SNP" }, approvals_required = 3 },
        });
        var zone = await patched.Content.ReadFromJsonAsync<JsonElement>();
        using var partly = await alice.Client.PatchAsJsonAsync($"/v1/zones/{alice.DefaultZoneId}", new { policy = new { approvals_required = 2 } });
        var after = await alice.Client.GetFromJsonAsync<JsonElement>($"/v1/zones/{alice.DefaultZoneId}");
        using var cleared = await alice.Client.PatchAsJsonAsync($"/v1/zones/{alice.DefaultZoneId}", new { description = "" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("production", zone.GetProperty("description").GetString());
        Assert.Equal(["UpToDate", "TDRelaunchAdvised"], Strings(after.GetProperty("policy").GetProperty("accepted_tcb_statuses")));
        Assert.Equal(["TDX", "SEV_SNP"], Strings(after.GetProperty("policy").GetProperty("allowed_tee_kinds")));
        Assert.Equal(2, after.GetProperty("policy").GetProperty("approvals_required").GetInt32());
        Assert.False((await cleared.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("description", out _));
        var audit = await AuditAsync(manager, alice.AccountId);
        Assert.Equal(3, audit.Count(e => e.Action == "zone.update" && e.Subject == "zone:" + alice.DefaultZoneId));
    }

    [Theory]
    [InlineData("""{"policy":{"accepted_tcb_statuses":["UpToDate","Fine"]}}""")]
    [InlineData("""{"policy":{"accepted_tcb_statuses":["Revoked"]}}""")]
    [InlineData("""{"policy":{"accepted_tcb_statuses":["uptodate"]}}""")]
    [InlineData("""{"policy":{"accepted_tcb_statuses":[]}}""")]
    [InlineData("""{"policy":{"allowed_tee_kinds":["SGX","SEV"]}}""")]
    [InlineData("""{"policy":{"allowed_tee_kinds":["sgx"]}}""")]
    [InlineData("""{"policy":{"approvals_required":0}}""")]
    [InlineData("""{"policy":{"approvals_required":11}}""")]
    [InlineData("""{}""")]
    public async Task InvalidChanges_AreValidationProblems_AndChangeNothing(string body)
    {
        using var alice = await NewAccountAsync(manager, "zones-invalid");
        var before = await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}");

        using var response = await alice.Client.PatchAsync($"/v1/zones/{alice.DefaultZoneId}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await Code(response));
        Assert.Equal(before, await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}"));
    }

    [Theory]
    [InlineData("{not json", "MalformedJson")]
    [InlineData("""{"policy":{"approvals_required":"three"}}""", "MalformedJson")]
    [InlineData("""{"policy":[]}""", "MalformedJson")]
    public async Task MalformedBodies_AreProblems_AndChangeNothing(string body, string code)
    {
        using var alice = await NewAccountAsync(manager, "zones-malformed");
        var before = await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}");

        using var response = await alice.Client.PatchAsync($"/v1/zones/{alice.DefaultZoneId}", Json(body));
        using var text = await alice.Client.PatchAsync($"/v1/zones/{alice.DefaultZoneId}", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Code(response));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(before, await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}"));
    }

    [Theory]
    [InlineData(AccountRole.Reader)]
    [InlineData(AccountRole.Writer)]
    public async Task OnlyManagers_ChangeOrAddZones(AccountRole role)
    {
        using var alice = await NewAccountAsync(manager, "zones-roles");
        using var member = await MemberAsync(manager, alice.AccountId, role);
        var before = await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}");

        using var read = await member.GetAsync($"/v1/zones/{alice.DefaultZoneId}");
        using var patch = await member.PatchAsJsonAsync($"/v1/zones/{alice.DefaultZoneId}", new { policy = new { approvals_required = 5 } });
        using var add = await member.PostAsJsonAsync("/v1/zones", new { name = "by-" + role });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal("Forbidden", await Code(patch));
        Assert.Equal("Forbidden", await Code(add));
        Assert.Equal(before, await alice.Client.GetStringAsync($"/v1/zones/{alice.DefaultZoneId}"));
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AddingZones_MakesEachItsOwnCa_EcdsaByDefault_RsaOnRequest()
    {
        using var alice = await NewAccountAsync(manager, "zones-add");

        using var ecdsa = await alice.Client.PostAsJsonAsync("/v1/zones", new
        {
            name = "edge", description = "edge nodes", policy = new { allowed_tee_kinds = new[] { "NITRO" }, approvals_required = 2 },
        });
        using var rsa = await alice.Client.PostAsJsonAsync("/v1/zones", new { name = "legacy", ca_key_type = "rsa" });
        var edge = await ecdsa.Content.ReadFromJsonAsync<JsonElement>();
        var legacy = await rsa.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, ecdsa.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rsa.StatusCode);
        Assert.Equal($"/v1/zones/{edge.GetProperty("zone_id").GetGuid()}", ecdsa.Headers.Location?.OriginalString);
        Assert.Equal("edge nodes", edge.GetProperty("description").GetString());
        Assert.Equal(["NITRO"], Strings(edge.GetProperty("policy").GetProperty("allowed_tee_kinds")));
        Assert.Equal(2, edge.GetProperty("policy").GetProperty("approvals_required").GetInt32());
        using var edgeRoot = X509Certificate2.CreateFromPem(edge.GetProperty("certificate").GetString());
        using var legacyRoot = X509Certificate2.CreateFromPem(legacy.GetProperty("certificate").GetString());
        using var edgeKey = edgeRoot.GetECDsaPublicKey();
        using var legacyKey = legacyRoot.GetRSAPublicKey();
        Assert.NotNull(edgeKey);
        Assert.Equal(3072, legacyKey?.KeySize);
        Assert.Equal(3, (await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones")).GetProperty("items").GetArrayLength());
        Assert.Contains(await AuditAsync(manager, alice.AccountId), e => e.Action == "zone.create" && e.Subject == "zone:" + edge.GetProperty("zone_id").GetGuid());
    }

    [Theory]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"description":"no name"}""")]
    [InlineData("""{"name":"x","ca_key_type":"dsa"}""")]
    [InlineData("""{"name":"x","ca_key_type":"RSA"}""")]
    [InlineData("""{"name":"x","policy":{"approvals_required":99}}""")]
    public async Task AddingAnInvalidZone_IsAValidationProblem(string body)
    {
        using var alice = await NewAccountAsync(manager, "zones-add-invalid");

        using var response = await alice.Client.PostAsync("/v1/zones", Json(body));

        Assert.Equal("ValidationFailed", await Code(response));
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AddingAZoneWithATakenName_IsAConflict_AndLeavesNoSecretsBehind()
    {
        using var alice = await NewAccountAsync(manager, "zones-dup");

        using var duplicate = await alice.Client.PostAsJsonAsync("/v1/zones", new { name = "Default Enclave Zone" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("Conflict", await Code(duplicate));
        Assert.Equal(1, (await alice.Client.GetFromJsonAsync<JsonElement>("/v1/zones")).GetProperty("items").GetArrayLength());
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
