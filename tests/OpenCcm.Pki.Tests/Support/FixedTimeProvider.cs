namespace OpenCcm.Pki.Tests.Support;

/// <summary>A clock the test sets: issuance and CRL times become exact and repeatable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
