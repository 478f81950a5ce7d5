using OpenCcm.Core.Audit;

namespace OpenCcm.Core.Tests.Audit;

public sealed class AuditEntryTests
{
    private static AuditEntryDraft Draft => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch.AddTicks(123456789), Actor = "a", Action = "b", Subject = "c", Outcome = AuditOutcome.Failure,
    };

    [Fact]
    public void Create_SealsAtMicrosecondPrecisionWithDefaultDetails()
    {
        var entry = AuditEntry.Create(Draft, 7, new byte[32]);

        Assert.Equal(7, entry.Sequence);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(123456780), entry.Timestamp);
        Assert.Equal("{}", entry.Details);
        Assert.Equal(AuditCanonicalEncoding.ComputeHash(entry), entry.Hash);
    }

    [Fact]
    public void Create_RefusesWhatCannotBeStoredOrEncoded()
    {
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Draft with { Details = "not json" }, 1, new byte[32]));
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Draft with { Details = "{} {}" }, 1, new byte[32]));
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Draft with { Actor = "a\0b" }, 1, new byte[32]));
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Draft with { Action = "\udc00" }, 1, new byte[32]));
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Draft, 1, new byte[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditEntry.Create(Draft, 0, new byte[32]));
    }
}
