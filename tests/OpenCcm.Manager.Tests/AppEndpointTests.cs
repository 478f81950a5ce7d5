using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Apps: Fortanix fields, domain validation, one DOMAIN_WHITELIST task per change, roles and account isolation.</summary>
public class AppEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task CreatingAnApp_WithDomains_OpensOneDomainTask_AndWhitelistsNothingYet()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);

        using var created = await owner.Client.PostAsJsonAsync("/v1/apps", new
        {
            name = "payments", description = "pays", input_image_name = "in:1", output_image_name = "out:1", isvprodid = 7, isvsvn = 3,
            mem_size = 1024, threads = 4, allowed_domains = new[] { "API.Example.com", "*.svc.example.com", "api.example.com" },
            labels = new { env = "prod", region = "eu-1" },
            advanced_settings = new { certificate = new { issuer = "MANAGER_CA", subject = "api.example.com", keyType = "rsa", keyParam = new { size = 3072 } } },
        });
        var app = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["api.example.com", "*.svc.example.com"], app.GetProperty("allowed_domains").Strings());
        Assert.Empty(app.GetProperty("whitelisted_domains").Strings());
        Assert.Equal(["api.example.com", "*.svc.example.com"], app.GetProperty("domains_added").Strings());
        Assert.Equal((7, 3, 1024L, 4), (app.GetProperty("isvprodid").GetInt32(), app.GetProperty("isvsvn").GetInt32(), app.GetProperty("mem_size").GetInt64(), app.GetProperty("threads").GetInt32()));
        Assert.Equal("prod", app.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal(3072, app.GetProperty("advanced_settings").GetProperty("certificate").GetProperty("keyParam").GetProperty("size").GetInt32());
        var appId = app.GetProperty("app_id").GetGuid();
        var taskId = app.GetProperty("pending_task_id").GetGuid();
        var task = await owner.GetAsync($"/v1/tasks/{taskId}");
        Assert.Equal("DOMAIN_WHITELIST", task.GetProperty("task_type").GetString());
        Assert.Equal(appId, task.GetProperty("entity_id").GetGuid());
        Assert.Equal("INPROGRESS", task.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(["api.example.com", "*.svc.example.com"], task.GetProperty("domains_added").Strings());
        Assert.Empty(task.GetProperty("domains_removed").Strings());
        Assert.Equal("USER", task.GetProperty("requester_info").GetProperty("requester_type").GetString());
        Assert.Equal(owner.Email, task.GetProperty("requester_info").GetProperty("user_name").GetString());
        Assert.Equal(1, task.GetProperty("approvals_required").GetInt32());
        Assert.Equal(0, task.GetProperty("approvals").GetArrayLength());
        var forApp = await owner.GetAsync($"/v1/tasks?entity_id={appId}");
        Assert.Equal(1, forApp.GetProperty("items").GetArrayLength());
        var read = await owner.GetAsync($"/v1/apps/{appId}");
        Assert.Equal("payments", read.GetProperty("name").GetString());
        Assert.Equal("in:1", read.GetProperty("input_image_name").GetString());
    }

    [Fact]
    public async Task CreatingAnApp_WithoutDomains_OpensNoTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);

        var app = await owner.CreateAppAsync();

        Assert.False(app.TryGetProperty("pending_task_id", out _));
        Assert.Equal(0, (await owner.GetAsync("/v1/tasks")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("a.*.example.com")]
    [InlineData("*foo.example.com")]
    [InlineData("-a.example.com")]
    [InlineData("a-.example.com")]
    [InlineData("a..example.com")]
    [InlineData("exa mple.com")]
    [InlineData("ex_ample.com")]
    [InlineData("1.2.3.4")]
    [InlineData("bücher.example")]
    [InlineData("example.com.")]
    [InlineData("https://example.com")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com")]
    public async Task BadDomainNames_AreRefused_AndCreateNothing(string domain)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);

        using var response = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "bad-domain", allowed_domains = new[] { "good.example.com", domain } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await response.CodeAsync());
        Assert.Equal(0, (await owner.GetAsync("/v1/apps")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task OverlongDomainNames_AreRefused()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var label = new string('a', 63);
        var longest = $"{label}.{label}.{label}.{new string('b', 61)}";
        var tooLong = "c" + longest;

        using var ok = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "longest", allowed_domains = new[] { longest } });
        using var refused = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "too-long", allowed_domains = new[] { tooLong } });

        Assert.Equal(253, longest.Length);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("ValidationFailed", await refused.CodeAsync());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("*.a.example.com")]
    [InlineData("a-b.0example.com")]
    public async Task GoodDomainNames_AreAccepted(string domain)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);

        var app = await owner.CreateAppAsync([domain]);

        Assert.Equal([domain], app.GetProperty("allowed_domains").Strings());
    }

    public static TheoryData<string> BadAppBodies => new()
    {
        """{"allowed_domains":[]}""",
        """{"name":"   "}""",
        $$"""{"name":"{{new string('n', 201)}}"}""",
        """{"name":"a","labels":{"bad key":"v"}}""",
        "{\"name\":\"a\",\"labels\":{\"k\":\"" + new string('v', 257) + "\"}}",
        """{"name":"a","labels":{"":"v"}}""",
        """{"name":"a","isvprodid":65536}""",
        """{"name":"a","isvsvn":-1}""",
        """{"name":"a","threads":0}""",
        """{"name":"a","mem_size":0}""",
        """{"name":"a","advanced_settings":"text"}""",
        """{"name":"a","advanced_settings":{"certificate":{"issuer":"NODE"}}}""",
        """{"name":"a","advanced_settings":{"certificate":{"keyType":"dsa"}}}""",
        """{"name":"a","advanced_settings":{"certificate":{"keyParam":{"size":1024}}}}""",
        """{"name":"a","advanced_settings":{"certificate":{"keyType":"ec","keyParam":{"size":2048}}}}""",
        """{"name":"a","advanced_settings":{"certificate":{"subject":7}}}""",
        """{"name":"a","advanced_settings":{"certificate":{"altNames":"DNS:x"}}}""",
        "{\"name\":\"a\",\"labels\":" + JsonSerializer.Serialize(Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", i => "v")) + "}",
        "{\"name\":\"a\",\"allowed_domains\":" + JsonSerializer.Serialize(Enumerable.Range(0, 101).Select(i => $"h{i}.example.com")) + "}",
    };

    [Theory]
    [MemberData(nameof(BadAppBodies))]
    public async Task InvalidApps_AreRefused_AndCreateNothing(string body)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);

        using var response = await owner.Client.PostAsync("/v1/apps", HttpAssertions.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await response.CodeAsync());
        Assert.Equal(0, (await owner.GetAsync("/v1/apps")).GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(0, (await owner.GetAsync("/v1/tasks")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task MalformedBodies_WrongContentType_AndDuplicateNames_AreProblems()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        await owner.CreateAppAsync(name: "taken");

        using var malformed = await owner.Client.PostAsync("/v1/apps", HttpAssertions.RawJson("{\"name\":"));
        using var wrongType = await owner.Client.PostAsync("/v1/apps", HttpAssertions.RawJson("""{"name":"a","isvprodid":"many"}"""));
        using var text = await owner.Client.PostAsync("/v1/apps", new StringContent("name=a", System.Text.Encoding.UTF8, "text/plain"));
        using var duplicate = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "taken", allowed_domains = new[] { "x.example.com" } });

        Assert.Equal("MalformedJson", await malformed.CodeAsync());
        Assert.Equal("MalformedJson", await wrongType.CodeAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("Conflict", await duplicate.CodeAsync());
        Assert.Equal(1, (await owner.GetAsync("/v1/apps")).GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(0, (await owner.GetAsync("/v1/tasks")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Roles_ReadersRead_WritersWrite_ManagersDelete()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var reader = await owner.AddMemberAsync("READER");
        using var writer = await owner.AddMemberAsync("WRITER");

        using var readerCreate = await reader.PostAsJsonAsync("/v1/apps", new { name = "by-reader" });
        using var writerCreate = await writer.PostAsJsonAsync("/v1/apps", new { name = "by-writer" });
        var appId = (await writerCreate.ReadJsonAsync()).GetProperty("app_id").GetGuid();
        using var readerList = await reader.GetAsync("/v1/apps");
        using var readerPatch = await reader.PatchAsJsonAsync($"/v1/apps/{appId}", new { description = "x" });
        using var writerDelete = await writer.DeleteAsync($"/v1/apps/{appId}");

        Assert.Equal("Forbidden", await readerCreate.CodeAsync());
        Assert.Equal(HttpStatusCode.Created, writerCreate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readerList.StatusCode);
        Assert.Equal("Forbidden", await readerPatch.CodeAsync());
        Assert.Equal(HttpStatusCode.Forbidden, writerDelete.StatusCode);
        Assert.Equal("Forbidden", await writerDelete.CodeAsync());
        Assert.False((await owner.GetAsync($"/v1/apps/{appId}")).TryGetProperty("description", out _));
        using var ownerDelete = await owner.Client.DeleteAsync($"/v1/apps/{appId}");
        Assert.Equal(HttpStatusCode.NoContent, ownerDelete.StatusCode);
    }

    [Fact]
    public async Task WithoutASelectedAccount_OrToken_AppsAreRefused()
    {
        using var user = await manager.LogInAsync($"lonely-{Guid.NewGuid():N}@example.com", AllowlistAccount.Password, signUp: true);

        using var list = await user.GetAsync("/v1/apps");
        using var create = await user.PostAsJsonAsync("/v1/apps", new { name = "x" });
        using var anonymous = await manager.Client.GetAsync("/v1/apps");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("NoAccountSelected", await list.CodeAsync());
        Assert.Equal("NoAccountSelected", await create.CodeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AnotherAccountsApp_IsNotFound_AndUnchanged()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var stranger = await AllowlistAccount.CreateAsync(manager, "stranger");
        var app = await owner.CreateAppAsync(["mine.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();
        var taskId = app.GetProperty("pending_task_id").GetGuid();

        using var get = await stranger.Client.GetAsync($"/v1/apps/{appId}");
        using var patch = await stranger.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { description = "mine now" });
        using var delete = await stranger.Client.DeleteAsync($"/v1/apps/{appId}");
        using var task = await stranger.Client.GetAsync($"/v1/tasks/{taskId}");
        using var approve = await stranger.DecideAsync(taskId, "APPROVED");

        foreach (var response in new[] { get, patch, delete, task, approve })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NotFound", await response.CodeAsync());
        }

        Assert.Equal(0, (await stranger.GetAsync("/v1/apps")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await stranger.GetAsync("/v1/tasks")).GetProperty("items").GetArrayLength());
        var after = await owner.GetAsync($"/v1/apps/{appId}");
        Assert.False(after.TryGetProperty("description", out _));
        Assert.Equal(taskId, after.GetProperty("pending_task_id").GetGuid());
        Assert.Equal("INPROGRESS", (await owner.GetAsync($"/v1/tasks/{taskId}")).GetProperty("status").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Listing_PagesWithLimitAndOffset_AndFiltersByName()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            await owner.CreateAppAsync(name: name);
        }

        var first = await owner.GetAsync("/v1/apps?limit=2");
        var second = await owner.GetAsync("/v1/apps?limit=2&offset=2");
        var named = await owner.GetAsync("/v1/apps?name=beta");
        var unknown = await owner.GetAsync("/v1/apps?name=delta");

        Assert.Equal(["alpha", "beta"], first.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(3, first.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(2, first.GetProperty("metadata").GetProperty("pages").GetInt32());
        Assert.Equal(["gamma"], second.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(1, second.GetProperty("metadata").GetProperty("page").GetInt32());
        Assert.Equal("beta", named.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal((3, 1), (named.GetProperty("metadata").GetProperty("total_count").GetInt32(), named.GetProperty("metadata").GetProperty("filtered_count").GetInt32()));
        Assert.Equal(0, unknown.GetProperty("items").GetArrayLength());
        foreach (var query in new[] { "limit=0", "limit=1001", "limit=many", "offset=-1" })
        {
            using var bad = await owner.Client.GetAsync($"/v1/apps?{query}");
            Assert.Equal("ValidationFailed", await bad.CodeAsync());
        }
    }

    [Fact]
    public async Task Updating_WhileADomainTaskIsPending_Is409_AndChangesNothing()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["a.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();

        using var domains = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { allowed_domains = new[] { "b.example.com" } });
        using var description = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { description = "changed" });

        Assert.Equal(HttpStatusCode.Conflict, domains.StatusCode);
        Assert.Equal("DomainTaskPending", await domains.CodeAsync());
        Assert.Equal("DomainTaskPending", await description.CodeAsync());
        var after = await owner.GetAsync($"/v1/apps/{appId}");
        Assert.Equal(["a.example.com"], after.GetProperty("allowed_domains").Strings());
        Assert.False(after.TryGetProperty("description", out _));
        Assert.Equal(1, (await owner.GetAsync($"/v1/tasks?entity_id={appId}")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ChangingDomains_OpensATaskWithWhatItAddsAndRemoves()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["a.example.com", "b.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();
        (await owner.DecideAsync(app.GetProperty("pending_task_id").GetGuid(), "APPROVED")).EnsureSuccessStatusCode();

        using var patched = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { allowed_domains = new[] { "b.example.com", "C.example.com" } });
        var changed = await patched.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["b.example.com", "c.example.com"], changed.GetProperty("allowed_domains").Strings());
        Assert.Equal(["a.example.com", "b.example.com"], changed.GetProperty("whitelisted_domains").Strings());
        Assert.Equal(["c.example.com"], changed.GetProperty("domains_added").Strings());
        Assert.Equal(["a.example.com"], changed.GetProperty("domains_removed").Strings());
        var task = await owner.GetAsync($"/v1/tasks/{changed.GetProperty("pending_task_id").GetGuid()}");
        Assert.Equal(["c.example.com"], task.GetProperty("domains_added").Strings());
        Assert.Equal(["a.example.com"], task.GetProperty("domains_removed").Strings());
    }

    [Fact]
    public async Task UpdatingOtherFields_OpensNoTask_AndKeepsWhatIsNotSent()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var created = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "fields", isvprodid = 5, isvsvn = 1, mem_size = 256, threads = 2 });
        var appId = (await created.ReadJsonAsync()).GetProperty("app_id").GetGuid();

        using var patched = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new
        {
            description = "now described", isvsvn = 2, allowed_domains = Array.Empty<string>(),
            advanced_settings = new { certificate = new { keyType = "ec", keyParam = new { size = 384 } } },
        });
        var app = await patched.ReadJsonAsync();
        using var invalid = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { isvsvn = 70000 });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("now described", app.GetProperty("description").GetString());
        Assert.Equal((5, 2, 256L, 2), (app.GetProperty("isvprodid").GetInt32(), app.GetProperty("isvsvn").GetInt32(), app.GetProperty("mem_size").GetInt64(), app.GetProperty("threads").GetInt32()));
        Assert.Equal("ec", app.GetProperty("advanced_settings").GetProperty("certificate").GetProperty("keyType").GetString());
        Assert.False(app.TryGetProperty("pending_task_id", out _));
        Assert.Equal("ValidationFailed", await invalid.CodeAsync());
        Assert.Equal(2, (await owner.GetAsync($"/v1/apps/{appId}")).GetProperty("isvsvn").GetInt32());
        Assert.Equal(0, (await owner.GetAsync("/v1/tasks")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Labels_ArePatchedWithJsonPatch_OrReplacedByAnObject()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var created = await owner.Client.PostAsJsonAsync("/v1/apps", new { name = "labelled", labels = new { env = "dev", team = "a" } });
        var appId = (await created.ReadJsonAsync()).GetProperty("app_id").GetGuid();

        using var patched = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson(
            """{"labels":[{"op":"replace","path":"/env","value":"prod"},{"op":"add","path":"/zone~1rack","value":"r1"},{"op":"remove","path":"/team"}]}"""));
        var afterPatch = (await patched.ReadJsonAsync()).GetProperty("labels");
        using var missing = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson("""{"labels":[{"op":"remove","path":"/nope"}]}"""));
        using var badOp = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson("""{"labels":[{"op":"move","path":"/env"}]}"""));
        using var badKey = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson("""{"labels":[{"op":"add","path":"/bad key","value":"x"}]}"""));
        using var badShape = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson("""{"labels":"env=prod"}"""));
        var unchanged = (await owner.GetAsync($"/v1/apps/{appId}")).GetProperty("labels");
        using var replaced = await owner.Client.PatchAsync($"/v1/apps/{appId}", HttpAssertions.RawJson("""{"labels":{"only":"this"}}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("""{"env":"prod","zone/rack":"r1"}""", afterPatch.GetRawText());
        foreach (var refused in new[] { missing, badOp, badKey, badShape })
        {
            Assert.Equal("ValidationFailed", await refused.CodeAsync());
        }

        Assert.Equal(afterPatch.GetRawText(), unchanged.GetRawText());
        Assert.Equal("""{"only":"this"}""", (await replaced.ReadJsonAsync()).GetProperty("labels").GetRawText());
    }

    [Fact]
    public async Task DeletingAnApp_DeletesItsBuilds_AndFailsTheirOpenTasks()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["gone.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();
        var domainTask = app.GetProperty("pending_task_id").GetGuid();
        var build = await owner.CreateSgxBuildAsync(appId);
        var buildTask = build.GetProperty("pending_task_id").GetGuid();

        using var deleted = await owner.Client.DeleteAsync($"/v1/apps/{appId}");
        using var again = await owner.Client.DeleteAsync($"/v1/apps/{appId}");
        using var getApp = await owner.Client.GetAsync($"/v1/apps/{appId}");
        using var getBuild = await owner.Client.GetAsync($"/v1/builds/{build.GetProperty("build_id").GetGuid()}");
        using var approve = await owner.DecideAsync(buildTask, "APPROVED");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getApp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getBuild.StatusCode);
        Assert.Equal("FAILED", (await owner.GetAsync($"/v1/tasks/{domainTask}")).GetProperty("status").GetProperty("status").GetString());
        Assert.Equal("FAILED", (await owner.GetAsync($"/v1/tasks/status/{buildTask}")).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal("TaskClosed", await approve.CodeAsync());
    }
}
