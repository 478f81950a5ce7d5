using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists approval tasks with their approvals. The approval rules are <see cref="Approvals.TaskApprovals"/>.</summary>
public interface ITaskStore
{
    /// <summary>Adds a task; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id is taken.</exception>
    /// <exception cref="MissingReferenceException">The account does not exist.</exception>
    ValueTask<ApprovalTask> CreateAsync(ApprovalTask task, CancellationToken cancellationToken = default);

    /// <summary>Adds several tasks in one write (all or none), as <see cref="CreateAsync"/> does each.</summary>
    /// <exception cref="DuplicateException">An id is taken.</exception>
    /// <exception cref="MissingReferenceException">An account does not exist.</exception>
    ValueTask CreateRangeAsync(IReadOnlyList<ApprovalTask> tasks, CancellationToken cancellationToken = default);

    /// <summary>The task, or null.</summary>
    ValueTask<ApprovalTask?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Tasks matching <paramref name="query"/>, newest first.</summary>
    ValueTask<Page<ApprovalTask>> ListAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the task if its <see cref="ApprovalTask.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed (e.g. another approver decided) or was deleted since it was read.</exception>
    ValueTask<ApprovalTask> UpdateAsync(ApprovalTask task, CancellationToken cancellationToken = default);
}
