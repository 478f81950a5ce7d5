using System.Net;
using System.Net.Http.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// Quorum approval (issue "The manager": k distinct approvers): the default zone policy's approvals_required (PATCH
/// /v1/zones/{id}) is fixed on a task when it opens; one user counts once; one denial ends the task; concurrent decisions
/// serialise.
/// </summary>
public class TaskQuorumTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task WithTwoApprovalsRequired_ABuildIsWhitelistedOnlyAfterTwoDistinctApprovers()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var editor = await owner.AddMemberAsync("WRITER", "editor");
        await owner.SetApprovalsRequiredAsync(2);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var buildId = build.GetProperty("build_id").GetGuid();
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        using var first = await owner.DecideAsync(taskId, "APPROVED");
        var afterFirst = await owner.GetAsync($"/v1/builds/{buildId}");
        using var again = await owner.DecideAsync(taskId, "APPROVED");
        using var changeOfMind = await owner.DecideAsync(taskId, "DENIED");
        using var second = await owner.DecideAsync(taskId, "APPROVED", editor);

        Assert.Equal(2, (await owner.GetAsync($"/v1/tasks/{taskId}")).GetProperty("approvals_required").GetInt32());
        Assert.Equal("INPROGRESS", (await first.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal("PENDING", afterFirst.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("TaskAlreadyDecided", await again.CodeAsync());
        Assert.Equal("TaskAlreadyDecided", await changeOfMind.CodeAsync());
        Assert.Equal("SUCCESS", (await second.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal("WHITELISTED", (await owner.GetAsync($"/v1/builds/{buildId}")).GetProperty("status").GetProperty("status").GetString());
        var approvals = (await owner.GetAsync($"/v1/tasks/{taskId}")).GetProperty("approvals");
        Assert.Equal(2, approvals.GetArrayLength());
        Assert.NotEqual(approvals[0].GetProperty("user_id").GetGuid(), approvals[1].GetProperty("user_id").GetGuid());
    }

    [Fact]
    public async Task WithTwoApprovalsRequired_OneDenialEndsTheTask()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var editor = await owner.AddMemberAsync("WRITER", "editor");
        using var administrator = await owner.AddMemberAsync("MANAGER", "admin");
        await owner.SetApprovalsRequiredAsync(2);
        var app = await owner.CreateAppAsync(["quorum.example.com"]);
        var taskId = app.GetProperty("pending_task_id").GetGuid();

        using var approved = await owner.DecideAsync(taskId, "APPROVED");
        using var denied = await owner.DecideAsync(taskId, "DENIED", editor);
        using var late = await owner.DecideAsync(taskId, "APPROVED", administrator);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("DENIED", (await denied.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal("TaskClosed", await late.CodeAsync());
        var after = await owner.GetAsync($"/v1/apps/{app.GetProperty("app_id").GetGuid()}");
        Assert.Empty(after.GetProperty("whitelisted_domains").Strings());
    }

    [Fact]
    public async Task TheQuorum_IsFixedWhenTheTaskOpens()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        await owner.SetApprovalsRequiredAsync(3);

        using var approved = await owner.DecideAsync(build.GetProperty("pending_task_id").GetGuid(), "APPROVED");

        Assert.Equal("SUCCESS", (await approved.ReadJsonAsync()).GetProperty("task_status").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConcurrentApprovals_OfASingleApprovalTask_CompleteItOnce()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var editor = await owner.AddMemberAsync("WRITER", "editor");
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        var responses = await Task.WhenAll(owner.DecideAsync(taskId, "APPROVED"), owner.DecideAsync(taskId, "APPROVED", editor));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("TaskClosed", await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).CodeAsync());
        Assert.Equal(1, (await owner.GetAsync($"/v1/tasks/{taskId}")).GetProperty("approvals").GetArrayLength());
        Assert.Equal("WHITELISTED", (await owner.GetAsync($"/v1/builds/{build.GetProperty("build_id").GetGuid()}")).GetProperty("status").GetProperty("status").GetString());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ConcurrentApprovals_ByTwoDistinctApprovers_BothCount()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var editor = await owner.AddMemberAsync("WRITER", "editor");
        await owner.SetApprovalsRequiredAsync(2);
        var build = await owner.CreateSgxBuildAsync((await owner.CreateAppAsync()).GetProperty("app_id").GetGuid());
        var taskId = build.GetProperty("pending_task_id").GetGuid();

        var responses = await Task.WhenAll(owner.DecideAsync(taskId, "APPROVED"), owner.DecideAsync(taskId, "APPROVED", editor));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var task = await owner.GetAsync($"/v1/tasks/{taskId}");
        Assert.Equal("SUCCESS", task.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(2, task.GetProperty("approvals").GetArrayLength());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
