using OpenCcm.Core.Audit;

namespace OpenCcm.Store.EntityFrameworkCore.Conventions;

/// <summary>Instants are kept in UTC to the microsecond on every provider; mappers normalise before writing.</summary>
public static class StorePrecision
{
    /// <summary>UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value) => AuditCanonicalEncoding.TruncateToMicroseconds(value);

    /// <summary>UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset? Normalize(DateTimeOffset? value) => value is { } v ? Normalize(v) : null;

    /// <summary>Microseconds since the Unix epoch.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value) => AuditCanonicalEncoding.ToUnixMicroseconds(value);

    /// <summary>The instant <paramref name="microseconds"/> after the Unix epoch, UTC.</summary>
    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}
