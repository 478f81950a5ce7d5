using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Heartbeats;

/// <summary>
/// What an accepted heartbeat does to its instance. A running heartbeat makes it RUNNING (from UNRESPONSIVE: audited
/// <c>instance.responsive</c>; from STOPPED, which only a higher sequence can reach: <c>instance.restart</c>), a stopped
/// one STOPPED (<c>instance.stop</c>); the first one creates it (<c>instance.create</c>). Every accepted heartbeat counts,
/// moves last_sequence and last_seen, and pushes the deadline to 3 × its interval (at least the minimum).
/// </summary>
internal static class InstanceTransitions
{
    public const int MissedHeartbeats = 3;

    public static (AppInstance Next, string? AuditAction) Apply(
        AppInstance? current, ParsedHeartbeat heartbeat, InstanceCertificate certificate, DateTimeOffset now, TimeSpan minimumSilence)
    {
        var status = heartbeat.Running ? InstanceStatus.Running : InstanceStatus.Stopped;
        var silence = TimeSpan.FromSeconds((double)MissedHeartbeats * heartbeat.IntervalSeconds);
        var deadline = now + (silence > minimumSilence ? silence : minimumSilence);
        if (current is null)
        {
            return (new AppInstance
            {
                Id = heartbeat.InstanceId, AccountId = certificate.AccountId, AppId = certificate.AppId!.Value, BuildId = certificate.BuildId,
                NodeId = certificate.NodeId!.Value, CertificateId = certificate.Id, Status = status, MessageCount = 1, LastSequence = heartbeat.Sequence,
                IntervalSeconds = heartbeat.IntervalSeconds, ExitCode = heartbeat.Running ? null : heartbeat.ExitCode, LastSeenAt = now,
                LastSentAt = heartbeat.SentAt, LastSignature = heartbeat.Signature, UnresponsiveAt = deadline, StatusUpdatedAt = now, CreatedAt = now,
                UpdatedAt = now,
            }, "instance.create");
        }

        var action = (current.Status, status) switch
        {
            (InstanceStatus.Unresponsive, InstanceStatus.Running) => "instance.responsive",
            (InstanceStatus.Stopped, InstanceStatus.Running) => "instance.restart",
            (not InstanceStatus.Stopped, InstanceStatus.Stopped) => "instance.stop",
            _ => null,
        };
        return (current with
        {
            CertificateId = certificate.Id, BuildId = certificate.BuildId ?? current.BuildId, Status = status, MessageCount = current.MessageCount + 1,
            LastSequence = heartbeat.Sequence, IntervalSeconds = heartbeat.IntervalSeconds, ExitCode = heartbeat.Running ? null : heartbeat.ExitCode,
            LastSeenAt = now, LastSentAt = heartbeat.SentAt, LastSignature = heartbeat.Signature, UnresponsiveAt = deadline,
            StatusUpdatedAt = status == current.Status ? current.StatusUpdatedAt : now, UpdatedAt = now,
        }, action);
    }
}
