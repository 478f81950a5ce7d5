using OpenCcm.Core.Approvals;
using OpenCcm.Core.Models;

namespace OpenCcm.Core.Tests.Approvals;

public sealed class TaskApprovalsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ada = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();
    private static readonly Guid Cy = Guid.NewGuid();

    private static ApprovalTask Task(int required) => new()
    {
        Id = Guid.NewGuid(), AccountId = Guid.NewGuid(), TaskType = TaskType.BuildWhitelist, EntityId = Guid.NewGuid(),
        Requester = new TaskRequester { Type = RequesterType.User, UserId = Ada }, Status = ApprovalTaskStatus.InProgress,
        ApprovalsRequired = required, CreatedAt = At, UpdatedAt = At,
    };

    private static TaskApprovalResult Approve(ApprovalTask task, Guid user) =>
        TaskApprovals.Decide(task, user, user.ToString(), ApprovalDecision.Approved, At.AddMinutes(1));

    [Fact]
    public void OneRequired_FirstApprovalCompletes()
    {
        var result = Approve(Task(1), Ada);

        Assert.Equal(TaskApprovalOutcome.Completed, result.Outcome);
        Assert.Equal(ApprovalTaskStatus.Success, result.Task.Status);
        Assert.True(result.Changed);
        Assert.True(result.Closed);
        Assert.Equal(At.AddMinutes(1), result.Task.UpdatedAt);
        Assert.Equal([new TaskApproval(Ada, Ada.ToString(), ApprovalDecision.Approved, At.AddMinutes(1))], result.Task.Approvals);
    }

    [Fact]
    public void ThreeRequired_CompletesOnlyAtTheThirdDistinctApprover()
    {
        var first = Approve(Task(3), Ada);
        var second = Approve(first.Task, Bob);
        var third = Approve(second.Task, Cy);

        Assert.Equal(TaskApprovalOutcome.Recorded, first.Outcome);
        Assert.Equal(ApprovalTaskStatus.InProgress, first.Task.Status);
        Assert.Equal(TaskApprovalOutcome.Recorded, second.Outcome);
        Assert.Equal(TaskApprovalOutcome.Completed, third.Outcome);
        Assert.Equal(ApprovalTaskStatus.Success, third.Task.Status);
        Assert.Equal([Ada, Bob, Cy], third.Task.Approvals.Select(a => a.UserId));
    }

    [Fact]
    public void SameApproverTwice_IsRefusedAndChangesNothing()
    {
        var first = Approve(Task(2), Ada);

        var again = Approve(first.Task, Ada);

        Assert.Equal(TaskApprovalOutcome.AlreadyDecided, again.Outcome);
        Assert.False(again.Changed);
        Assert.Same(first.Task, again.Task);
        Assert.Equal(ApprovalTaskStatus.InProgress, again.Task.Status);
    }

    [Fact]
    public void ApproverCannotTurnTheirApprovalIntoADenial()
    {
        var first = Approve(Task(2), Ada);

        var deny = TaskApprovals.Decide(first.Task, Ada, "ada", ApprovalDecision.Denied, At);

        Assert.Equal(TaskApprovalOutcome.AlreadyDecided, deny.Outcome);
        Assert.Equal(ApprovalTaskStatus.InProgress, deny.Task.Status);
    }

    [Fact]
    public void OneDenial_EndsTheTaskWhateverTheApprovals()
    {
        var first = Approve(Task(3), Ada);
        var second = Approve(first.Task, Bob);

        var denied = TaskApprovals.Decide(second.Task, Cy, "cy", ApprovalDecision.Denied, At.AddMinutes(2));

        Assert.Equal(TaskApprovalOutcome.Denied, denied.Outcome);
        Assert.Equal(ApprovalTaskStatus.Denied, denied.Task.Status);
        Assert.True(denied.Closed);
        Assert.Equal(ApprovalDecision.Denied, denied.Task.Approvals[^1].Decision);
    }

    [Theory]
    [InlineData(ApprovalTaskStatus.Success)]
    [InlineData(ApprovalTaskStatus.Denied)]
    [InlineData(ApprovalTaskStatus.Failed)]
    public void ClosedTask_TakesNoMoreDecisions(ApprovalTaskStatus status)
    {
        var task = Task(1) with { Status = status };

        var approve = Approve(task, Bob);
        var deny = TaskApprovals.Decide(task, Bob, "bob", ApprovalDecision.Denied, At);

        Assert.Equal(TaskApprovalOutcome.TaskClosed, approve.Outcome);
        Assert.Equal(TaskApprovalOutcome.TaskClosed, deny.Outcome);
        Assert.Same(task, approve.Task);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NonPositiveRequirement_StillNeedsOneApproval(int required)
    {
        Assert.Equal(TaskApprovalOutcome.Completed, Approve(Task(required), Ada).Outcome);
    }

    [Fact]
    public void DuplicateApprovalsInStoredData_CountOnce()
    {
        var task = Task(2) with
        {
            Approvals =
            [
                new TaskApproval(Ada, "ada", ApprovalDecision.Approved, At),
                new TaskApproval(Ada, "ada", ApprovalDecision.Approved, At),
            ],
        };

        Assert.Equal(1, TaskApprovals.DistinctApprovers(task.Approvals));
        Assert.Equal(TaskApprovalOutcome.AlreadyDecided, Approve(task, Ada).Outcome);
        Assert.Equal(TaskApprovalOutcome.Completed, Approve(task, Bob).Outcome);
    }
}
