namespace OpenCcm.Core.Models;

/// <summary>One approver's recorded decision on a task (Fortanix <c>approvals[{user_id, user_name, status}]</c>).</summary>
/// <param name="UserId">The approver.</param>
/// <param name="UserName">The approver's name at the time.</param>
/// <param name="Decision">Approved or denied.</param>
/// <param name="DecidedAt">When.</param>
public sealed record TaskApproval(Guid UserId, string UserName, ApprovalDecision Decision, DateTimeOffset DecidedAt);
