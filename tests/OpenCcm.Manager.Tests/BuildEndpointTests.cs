using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Builds: SGX identities and other TEEs' measurements, one BUILD_WHITELIST task each, uniqueness per account, roles.</summary>
public class BuildEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task RegisteringAnSgxBuild_MakesItPending_WithOneBuildTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(name: "enclave-app");
        var appId = app.GetProperty("app_id").GetGuid();
        var mrenclave = AllowlistBodies.Hex(32);
        var mrsigner = AllowlistBodies.Hex(32);

        using var created = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, mrenclave = mrenclave.ToUpperInvariant(), mrsigner, isvprodid = 65535, isvsvn = 0, build_name = "v1",
            docker_info = new { docker_image_name = "registry/app", docker_version = "1.0", docker_image_sha = "sha256:ab", docker_image_size = 42 },
        });
        var build = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("PENDING", build.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(mrenclave, build.GetProperty("enclave_info").GetProperty("mrenclave").GetString());
        Assert.Equal(mrsigner, build.GetProperty("enclave_info").GetProperty("mrsigner").GetString());
        Assert.Equal((65535, 0), (build.GetProperty("enclave_info").GetProperty("isvprodid").GetInt32(), build.GetProperty("enclave_info").GetProperty("isvsvn").GetInt32()));
        Assert.Equal("enclave-app", build.GetProperty("app_name").GetString());
        Assert.Equal("SGX", build.GetProperty("tee_kind").GetString());
        Assert.False(build.GetProperty("debug").GetBoolean());
        Assert.Equal("registry/app", build.GetProperty("docker_info").GetProperty("docker_image_name").GetString());
        Assert.Equal(42, build.GetProperty("docker_info").GetProperty("docker_image_size").GetInt64());
        var buildId = build.GetProperty("build_id").GetGuid();
        var task = await owner.GetAsync($"/v1/tasks/{build.GetProperty("pending_task_id").GetGuid()}");
        Assert.Equal("BUILD_WHITELIST", task.GetProperty("task_type").GetString());
        Assert.Equal(buildId, task.GetProperty("entity_id").GetGuid());
        Assert.False(task.TryGetProperty("domains_added", out _));
        var tasks = await owner.GetAsync($"/v1/tasks?entity_id={buildId}");
        Assert.Equal(1, tasks.GetProperty("items").GetArrayLength());
        Assert.Equal(buildId, (await owner.GetAsync($"/v1/builds/{buildId}")).GetProperty("build_id").GetGuid());
    }

    [Fact]
    public async Task ABuild_MayNameItsAppByName_AndBeRegisteredAsDebug()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        await owner.CreateAppAsync(name: "by-name");

        using var created = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_name = "by-name", mrenclave = AllowlistBodies.Hex(32), mrsigner = AllowlistBodies.Hex(32), isvprodid = "3", isvsvn = 4, debug = true,
        });
        using var unknown = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_name = "no-such-app", mrenclave = AllowlistBodies.Hex(32), mrsigner = AllowlistBodies.Hex(32), isvprodid = 3, isvsvn = 4,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await created.ReadJsonAsync()).GetProperty("debug").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AnMrenclave_IsUniquePerAccount_NotAcrossAccounts()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var other = await AllowlistAccount.CreateAsync(manager, "other");
        var first = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var second = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var foreign = (await other.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var mrenclave = AllowlistBodies.Hex(32);
        await owner.CreateSgxBuildAsync(first, mrenclave);

        using var sameApp = await owner.Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(first, mrenclave));
        using var otherApp = await owner.Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(second, mrenclave.ToUpperInvariant()));
        using var otherAccount = await other.Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(foreign, mrenclave));

        Assert.Equal(HttpStatusCode.Conflict, sameApp.StatusCode);
        Assert.Equal("DuplicateMeasurement", await sameApp.CodeAsync());
        Assert.Equal("DuplicateMeasurement", await otherApp.CodeAsync());
        Assert.Equal(HttpStatusCode.Created, otherAccount.StatusCode);
        Assert.Equal(1, (await owner.GetAsync("/v1/builds")).GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(1, (await owner.GetAsync("/v1/tasks?task_type=BUILD_WHITELIST")).GetProperty("items").GetArrayLength());
    }

    public static TheoryData<string> BadBuildBodies => new()
    {
        """{"mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":1}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S"}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1}""",
        $$"""{"app_id":"APP","mrenclave":"{{new string('a', 63)}}","mrsigner":"S","isvprodid":1,"isvsvn":1}""",
        $$"""{"app_id":"APP","mrenclave":"{{new string('g', 64)}}","mrsigner":"S","isvprodid":1,"isvsvn":1}""",
        """{"app_id":"APP","mrenclave":"M","isvprodid":1,"isvsvn":1}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":65536,"isvsvn":1}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":-1}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":1,"tee_kind":"SGX2"}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":1,"measurements":{"pcr0":"M"}}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":1,"docker_info":{"docker_version":"1"}}""",
        """{"app_id":"APP","mrenclave":"M","mrsigner":"S","isvprodid":1,"isvsvn":1,"threads":0}""",
        """{"app_id":"APP","tee_kind":"TDX","measurements":{"rtmr0":"L"}}""",
        """{"app_id":"APP","tee_kind":"TDX","measurements":{"mr_td":"M"}}""",
        """{"app_id":"APP","tee_kind":"TDX","measurements":{"mr_td":"L","mrtd":"L"}}""",
        """{"app_id":"APP","tee_kind":"TDX","mrenclave":"M","measurements":{"mr_td":"L"}}""",
        """{"app_id":"APP","tee_kind":"SEV_SNP","measurements":{"measurement":"L","host_data":"L"}}""",
        """{"app_id":"APP","tee_kind":"NITRO","measurements":{"pcr1":"L"}}""",
        """{"app_id":"APP","tee_kind":"NITRO"}""",
    };

    [Theory]
    [MemberData(nameof(BadBuildBodies))]
    public async Task InvalidBuilds_AreRefused_AndCreateNothing(string template)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var appId = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid().ToString();
        var body = template.Replace("APP", appId, StringComparison.Ordinal).Replace("\"M\"", $"\"{AllowlistBodies.Hex(32)}\"", StringComparison.Ordinal)
            .Replace("\"S\"", $"\"{AllowlistBodies.Hex(32)}\"", StringComparison.Ordinal).Replace("\"L\"", $"\"{AllowlistBodies.Hex(48)}\"", StringComparison.Ordinal);

        using var response = await owner.Client.PostAsync("/v1/builds", HttpAssertions.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await response.CodeAsync());
        Assert.Equal(0, (await owner.GetAsync("/v1/builds")).GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(0, (await owner.GetAsync("/v1/tasks")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task UnknownApps_AndOtherAccountsApps_AreNotFound()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var stranger = await AllowlistAccount.CreateAsync(manager, "stranger");
        var foreignApp = (await stranger.CreateAppAsync()).GetProperty("app_id").GetGuid();

        using var unknown = await owner.Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(Guid.NewGuid()));
        using var foreign = await owner.Client.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(foreignApp));
        using var malformedId = await owner.Client.PostAsync("/v1/builds", HttpAssertions.RawJson("""{"app_id":"not-a-uuid"}"""));

        Assert.Equal("NotFound", await unknown.CodeAsync());
        Assert.Equal("NotFound", await foreign.CodeAsync());
        Assert.Equal("MalformedJson", await malformedId.CodeAsync());
        Assert.Equal(0, (await stranger.GetAsync("/v1/builds")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("TDX", "mr_td", 48, new[] { "rtmr0", "rtmr1", "rtmr2", "rtmr3" }, 48)]
    [InlineData("SEV_SNP", "measurement", 48, new[] { "host_data" }, 32)]
    [InlineData("NITRO", "pcr0", 48, new[] { "pcr1", "pcr2" }, 48)]
    public async Task OtherTees_RegisterTheirMeasurements(string teeKind, string identity, int identityBytes, string[] others, int otherBytes)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var appId = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var measurements = others.ToDictionary(k => k, _ => AllowlistBodies.Hex(otherBytes));
        measurements[identity] = AllowlistBodies.Hex(identityBytes).ToUpperInvariant();

        using var created = await owner.Client.PostAsJsonAsync("/v1/builds", new { app_id = appId, tee_kind = teeKind, measurements });
        using var identityOnly = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, tee_kind = teeKind, measurements = new Dictionary<string, string> { [identity] = AllowlistBodies.Hex(identityBytes) },
        });
        using var duplicate = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, tee_kind = teeKind, measurements = new Dictionary<string, string> { [identity] = measurements[identity].ToLowerInvariant() },
        });
        var build = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(teeKind, build.GetProperty("tee_kind").GetString());
        Assert.False(build.TryGetProperty("enclave_info", out _));
        Assert.Equal(measurements.Count, build.GetProperty("measurements").EnumerateObject().Count());
        foreach (var (key, value) in measurements)
        {
            Assert.Equal(value.ToLowerInvariant(), build.GetProperty("measurements").GetProperty(key).GetString());
        }

        Assert.Equal("PENDING", build.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, identityOnly.StatusCode);
        Assert.Equal("DuplicateMeasurement", await duplicate.CodeAsync());
    }

    [Fact]
    public async Task Listing_FiltersByAppAndStatus()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var first = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var second = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        var approved = await owner.CreateSgxBuildAsync(first);
        await owner.CreateSgxBuildAsync(first);
        await owner.CreateSgxBuildAsync(second);
        (await owner.DecideAsync(approved.GetProperty("pending_task_id").GetGuid(), "APPROVED")).EnsureSuccessStatusCode();

        var ofFirst = await owner.GetAsync($"/v1/builds?app_id={first}");
        var whitelisted = await owner.GetAsync("/v1/builds?status=WHITELISTED");
        var pendingOfFirst = await owner.GetAsync($"/v1/builds?app_id={first}&status=PENDING&limit=1");

        Assert.Equal(2, ofFirst.GetProperty("items").GetArrayLength());
        Assert.Equal(approved.GetProperty("build_id").GetGuid(), whitelisted.GetProperty("items")[0].GetProperty("build_id").GetGuid());
        Assert.Equal(1, whitelisted.GetProperty("items").GetArrayLength());
        Assert.Equal((3, 1), (pendingOfFirst.GetProperty("metadata").GetProperty("total_count").GetInt32(), pendingOfFirst.GetProperty("metadata").GetProperty("filtered_count").GetInt32()));
        foreach (var query in new[] { "status=APPROVED", "status=pending", "app_id=42", "limit=0" })
        {
            using var bad = await owner.Client.GetAsync($"/v1/builds?{query}");
            Assert.Equal("ValidationFailed", await bad.CodeAsync());
        }
    }

    [Fact]
    public async Task DeletingABuild_NeedsAManager_AndFailsItsOpenTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var writer = await owner.AddMemberAsync("WRITER");
        using var reader = await owner.AddMemberAsync("READER");
        using var stranger = await AllowlistAccount.CreateAsync(manager, "stranger");
        var appId = (await owner.CreateAppAsync()).GetProperty("app_id").GetGuid();
        using var readerCreate = await reader.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(appId));
        using var writerCreate = await writer.PostAsJsonAsync("/v1/builds", AllowlistBodies.SgxBuild(appId));
        var build = await writerCreate.ReadJsonAsync();
        var buildId = build.GetProperty("build_id").GetGuid();

        using var byWriter = await writer.DeleteAsync($"/v1/builds/{buildId}");
        using var byStranger = await stranger.Client.DeleteAsync($"/v1/builds/{buildId}");
        using var strangerGet = await stranger.Client.GetAsync($"/v1/builds/{buildId}");
        using var byOwner = await owner.Client.DeleteAsync($"/v1/builds/{buildId}");

        Assert.Equal("Forbidden", await readerCreate.CodeAsync());
        Assert.Equal(HttpStatusCode.Created, writerCreate.StatusCode);
        Assert.Equal("Forbidden", await byWriter.CodeAsync());
        Assert.Equal("NotFound", await byStranger.CodeAsync());
        Assert.Equal("NotFound", await strangerGet.CodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, byOwner.StatusCode);
        var task = await owner.GetAsync($"/v1/tasks/{build.GetProperty("pending_task_id").GetGuid()}");
        Assert.Equal("FAILED", task.GetProperty("status").GetProperty("status").GetString());
        // The measurement is free again once the build is gone.
        using var again = await owner.Client.PostAsJsonAsync("/v1/builds", new
        {
            app_id = appId, mrenclave = build.GetProperty("enclave_info").GetProperty("mrenclave").GetString(), mrsigner = AllowlistBodies.Hex(32), isvprodid = 1, isvsvn = 1,
        });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}
