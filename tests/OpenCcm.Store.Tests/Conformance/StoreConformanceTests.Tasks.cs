using OpenCcm.Core.Approvals;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Task_CreateThenGet_RoundTripsApprovalsAndRequester()
    {
        var account = await NewAccountAsync();
        var task = Make.Task(account.Id, Guid.NewGuid(), approvalsRequired: 2) with
        {
            Approvals = [new TaskApproval(Guid.NewGuid(), "ada", ApprovalDecision.Approved, Make.Now)],
            Requester = new TaskRequester { Type = RequesterType.App, AppId = Guid.NewGuid(), AppName = "nginx" },
        };

        var created = await Tasks.CreateAsync(task);

        Make.Same(task with { Version = 1 }, created);
        Make.Same(created, await Tasks.GetAsync(task.Id));
        Assert.Null(await Tasks.GetAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Tasks.CreateAsync(Make.Task(Guid.NewGuid(), Guid.NewGuid())));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Tasks.CreateAsync(task));
    }

    [Fact]
    public async Task Task_List_FiltersNewestFirst()
    {
        var account = await NewAccountAsync();
        var entity = Guid.NewGuid();
        var old = await Tasks.CreateAsync(Make.Task(account.Id, entity));
        var newer = await Tasks.CreateAsync(Make.Task(account.Id, Guid.NewGuid()) with { CreatedAt = Make.Now.AddMinutes(1), TaskType = TaskType.BuildWhitelist });
        var done = await Tasks.CreateAsync(Make.Task(account.Id, entity) with { CreatedAt = Make.Now.AddMinutes(2), Status = ApprovalTaskStatus.Success });

        Assert.Equal([done.Id, newer.Id, old.Id], (await Tasks.ListAsync(new TaskQuery { AccountId = account.Id }, PageRequest.First)).Items.Select(t => t.Id));
        Assert.Equal([newer.Id, old.Id], (await Tasks.ListAsync(new TaskQuery { AccountId = account.Id, Status = ApprovalTaskStatus.InProgress }, PageRequest.First)).Items.Select(t => t.Id));
        Assert.Equal([newer.Id], (await Tasks.ListAsync(new TaskQuery { AccountId = account.Id, TaskType = TaskType.BuildWhitelist }, PageRequest.First)).Items.Select(t => t.Id));
        var ofEntity = await Tasks.ListAsync(new TaskQuery { AccountId = account.Id, EntityId = entity }, new PageRequest(1, 1));
        Assert.Equal(2, ofEntity.TotalCount);
        Assert.Equal([old.Id], ofEntity.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task Task_TwoApproversRacingOnOneSnapshot_OneWinsTheOtherMustReread()
    {
        var account = await NewAccountAsync();
        var task = await Tasks.CreateAsync(Make.Task(account.Id, Guid.NewGuid(), approvalsRequired: 2));
        var ada = Guid.NewGuid();
        var bob = Guid.NewGuid();

        var adaDecision = TaskApprovals.Decide(task, ada, "ada", ApprovalDecision.Approved, Make.Now.AddMinutes(1));
        var bobDecision = TaskApprovals.Decide(task, bob, "bob", ApprovalDecision.Approved, Make.Now.AddMinutes(1));
        var saved = await Tasks.UpdateAsync(adaDecision.Task);
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Tasks.UpdateAsync(bobDecision.Task));

        // Bob re-reads and decides again: now the quorum of two distinct approvers is met.
        var reread = await Tasks.GetAsync(task.Id);
        Make.Same(saved, reread);
        var retry = TaskApprovals.Decide(reread!, bob, "bob", ApprovalDecision.Approved, Make.Now.AddMinutes(2));
        Assert.Equal(TaskApprovalOutcome.Completed, retry.Outcome);
        var completed = await Tasks.UpdateAsync(retry.Task);

        Assert.Equal(ApprovalTaskStatus.Success, completed.Status);
        Assert.Equal([ada, bob], (await Tasks.GetAsync(task.Id))!.Approvals.Select(a => a.UserId));
        Assert.Equal(3, completed.Version);
    }
}
