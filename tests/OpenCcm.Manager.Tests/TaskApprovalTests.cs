using System.Net;
using System.Net.Http.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Deciding tasks: effects on builds and apps, closed tasks, roles, listing, audit.</summary>
public class TaskApprovalTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task ApprovingABuildTask_WhitelistsTheBuild()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var buildId = build.GetProperty("build_id").GetGuid();
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        using var decided = await owner.DecideAsync(taskId, "APPROVED");
        var result = await decided.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(taskId, result.GetProperty("task_id").GetGuid());
        Assert.Equal(buildId, result.GetProperty("build_id").GetGuid());
        Assert.Equal("BUILD_WHITELIST", result.GetProperty("task_type").GetString());
        Assert.Equal("SUCCESS", result.GetProperty("task_status").GetProperty("status").GetString());
        var after = await owner.GetAsync($"/v1/builds/{buildId}");
        Assert.Equal("WHITELISTED", after.GetProperty("status").GetProperty("status").GetString());
        Assert.False(after.TryGetProperty("pending_task_id", out _));
        var task = await owner.GetAsync($"/v1/tasks/{taskId}");
        Assert.Equal("APPROVED", task.GetProperty("approvals")[0].GetProperty("status").GetString());
        Assert.Equal(owner.Email, task.GetProperty("approvals")[0].GetProperty("user_name").GetString());
        var status = await owner.GetAsync($"/v1/tasks/status/{taskId}");
        Assert.Equal("SUCCESS", status.GetProperty("task_status").GetProperty("status").GetString());
    }

    [Fact]
    public async Task DenyingABuildTask_RejectsTheBuild_AndClosesTheTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        using var denied = await owner.DecideAsync(taskId, "DENIED");
        using var approveAfter = await owner.DecideAsync(taskId, "APPROVED");

        Assert.Equal("DENIED", (await denied.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, approveAfter.StatusCode);
        Assert.Equal("TaskClosed", await approveAfter.CodeAsync());
        var after = await owner.GetAsync($"/v1/builds/{build.GetProperty("build_id").GetGuid()}");
        Assert.Equal("REJECTED", after.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(1, (await owner.GetAsync($"/v1/tasks/{taskId}")).GetProperty("approvals").GetArrayLength());
    }

    [Fact]
    public async Task ApprovingADomainTask_WhitelistsTheDomains_AndTheAppMayChangeAgain()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["a.example.com", "b.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();

        using var approved = await owner.DecideAsync(app.GetProperty("pending_task_id").GetGuid(), "APPROVED");
        var after = await owner.GetAsync($"/v1/apps/{appId}");
        using var change = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { allowed_domains = new[] { "b.example.com", "c.example.com" } });
        using var secondApproval = await owner.DecideAsync((await change.ReadJsonAsync()).GetProperty("pending_task_id").GetGuid(), "APPROVED");
        var final = await owner.GetAsync($"/v1/apps/{appId}");

        Assert.Equal("SUCCESS", (await approved.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal(["a.example.com", "b.example.com"], after.GetProperty("whitelisted_domains").Strings());
        Assert.False(after.TryGetProperty("pending_task_id", out _));
        Assert.False(after.TryGetProperty("domains_added", out _));
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondApproval.StatusCode);
        Assert.Equal(["b.example.com", "c.example.com"], final.GetProperty("whitelisted_domains").Strings());
        Assert.Equal(["b.example.com", "c.example.com"], final.GetProperty("allowed_domains").Strings());
    }

    [Fact]
    public async Task DenyingADomainTask_LeavesTheWhitelistAsItWas()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["a.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();
        (await owner.DecideAsync(app.GetProperty("pending_task_id").GetGuid(), "APPROVED")).EnsureSuccessStatusCode();
        using var change = await owner.Client.PatchAsJsonAsync($"/v1/apps/{appId}", new { allowed_domains = new[] { "evil.example.com" } });

        using var denied = await owner.DecideAsync((await change.ReadJsonAsync()).GetProperty("pending_task_id").GetGuid(), "DENIED");
        var after = await owner.GetAsync($"/v1/apps/{appId}");

        Assert.Equal("DENIED", (await denied.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal(["a.example.com"], after.GetProperty("whitelisted_domains").Strings());
        Assert.Equal(["a.example.com"], after.GetProperty("allowed_domains").Strings());
        Assert.False(after.TryGetProperty("pending_task_id", out _));
    }

    [Fact]
    public async Task ReadersCannotDecide_AndBadDecisionsAreRefused_WithoutChangingTheTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var reader = await owner.AddMemberAsync("READER");
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        using var byReader = await owner.DecideAsync(taskId, "APPROVED", reader);
        using var maybe = await owner.DecideAsync(taskId, "MAYBE");
        using var lowercase = await owner.DecideAsync(taskId, "approved");
        using var missing = await owner.Client.PatchAsync($"/v1/tasks/{taskId}", HttpAssertions.RawJson("{}"));
        using var malformed = await owner.Client.PatchAsync($"/v1/tasks/{taskId}", HttpAssertions.RawJson("{\"status\":"));
        using var unknown = await owner.DecideAsync(Guid.NewGuid(), "APPROVED");
        using var readerReads = await reader.GetAsync($"/v1/tasks/{taskId}");

        Assert.Equal("Forbidden", await byReader.CodeAsync());
        Assert.Equal("ValidationFailed", await maybe.CodeAsync());
        Assert.Equal("ValidationFailed", await lowercase.CodeAsync());
        Assert.Equal("ValidationFailed", await missing.CodeAsync());
        Assert.Equal("MalformedJson", await malformed.CodeAsync());
        Assert.Equal("NotFound", await unknown.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, readerReads.StatusCode);
        var task = await owner.GetAsync($"/v1/tasks/{taskId}");
        Assert.Equal("INPROGRESS", task.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(0, task.GetProperty("approvals").GetArrayLength());
    }

    [Fact]
    public async Task ListingTasks_IsNewestFirst_AndFilters()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var app = await owner.CreateAppAsync(["list.example.com"]);
        var appId = app.GetProperty("app_id").GetGuid();
        await Task.Delay(5);
        var build = await owner.CreateSgxBuildAsync(appId);
        (await owner.DecideAsync(app.GetProperty("pending_task_id").GetGuid(), "APPROVED")).EnsureSuccessStatusCode();

        var all = await owner.GetAsync("/v1/tasks");
        var inProgress = await owner.GetAsync("/v1/tasks?status=INPROGRESS");
        var domainTasks = await owner.GetAsync("/v1/tasks?task_type=DOMAIN_WHITELIST&status=SUCCESS");
        var forBuild = await owner.GetAsync($"/v1/tasks?entity_id={build.GetProperty("build_id").GetGuid()}");

        Assert.Equal(["BUILD_WHITELIST", "DOMAIN_WHITELIST"], all.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("task_type").GetString()));
        Assert.Equal("BUILD_WHITELIST", inProgress.GetProperty("items")[0].GetProperty("task_type").GetString());
        Assert.Equal(1, inProgress.GetProperty("items").GetArrayLength());
        Assert.Equal(appId, domainTasks.GetProperty("items")[0].GetProperty("entity_id").GetGuid());
        Assert.Equal((2, 1), (domainTasks.GetProperty("metadata").GetProperty("total_count").GetInt32(), domainTasks.GetProperty("metadata").GetProperty("filtered_count").GetInt32()));
        Assert.Equal(1, forBuild.GetProperty("items").GetArrayLength());
        foreach (var query in new[] { "status=DONE", "task_type=BUILD", "entity_id=x", "offset=x" })
        {
            using var bad = await owner.Client.GetAsync($"/v1/tasks?{query}");
            Assert.Equal("ValidationFailed", await bad.CodeAsync());
        }
    }

    [Fact]
    public async Task EveryDecision_IsAudited_RefusalsToo()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var taskId = build.GetProperty("pending_task_id").GetGuid();
        (await owner.DecideAsync(taskId, "APPROVED")).EnsureSuccessStatusCode();
        using var refused = await owner.DecideAsync(taskId, "DENIED");

        var audit = await owner.AuditAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var actions = audit.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString())).ToList();
        Assert.Contains(("app.create", "SUCCESS"), actions);
        Assert.Contains(("build.create", "SUCCESS"), actions);
        Assert.Contains(("task.open", "SUCCESS"), actions);
        Assert.Contains(("task.approve", "SUCCESS"), actions);
        Assert.Contains(("build.whitelist", "SUCCESS"), actions);
        Assert.Contains(("task.deny", "DENIED"), actions);
        Assert.All(
            audit.Where(e => e.GetProperty("action").GetString() is "task.approve" or "task.deny"),
            e => Assert.Equal("task:" + taskId, e.GetProperty("subject").GetString()));
    }
}
