namespace OpenCcm.Manager.Heartbeats;

/// <summary>One well-formed heartbeat of a batch, at <see cref="Index"/> in the request.</summary>
internal sealed record ParsedHeartbeat(
    int Index, string Serial, Guid InstanceId, long Sequence, bool Running, DateTimeOffset SentAt, int IntervalSeconds, int? ExitCode, byte[] Signature);
