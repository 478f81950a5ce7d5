using System.Text.Json;
using OpenCcm.Core.Audit;

namespace OpenCcm.Manager.Security;

/// <summary>Builds audit entries: every change and every issuance decision is recorded (DESIGN.md §1).</summary>
internal static class Audit
{
    public static AuditEntryDraft Entry(
        DateTimeOffset at, Guid? account, string actor, string action, string subject, AuditOutcome outcome, object? details = null) => new()
    {
        Timestamp = at,
        AccountId = account,
        Actor = actor,
        Action = action,
        Subject = subject,
        Outcome = outcome,
        Details = details is null ? "{}" : JsonSerializer.Serialize(details),
    };
}
