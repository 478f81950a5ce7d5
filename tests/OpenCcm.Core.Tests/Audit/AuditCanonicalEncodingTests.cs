using OpenCcm.Core.Audit;

namespace OpenCcm.Core.Tests.Audit;

/// <summary>The canonical bytes are a contract: these vectors were computed independently (Python, struct + hashlib).</summary>
public sealed class AuditCanonicalEncodingTests
{
    private static readonly DateTimeOffset Time = new(2026, 3, 14, 15, 9, 26, 535, 897, TimeSpan.Zero);

    internal static AuditEntry First => AuditEntry.Create(
        new AuditEntryDraft
        {
            Timestamp = Time, AccountId = Guid.Parse("6f1c2b4e-0000-4000-8000-000000000001"), Actor = "user:ada",
            Action = "app.create", Subject = "app:nginx", Outcome = AuditOutcome.Success, Details = """{"a":1}""",
        },
        1, AuditEntry.GenesisHash);

    [Fact]
    public void Encode_MatchesTheDocumentedLayoutByteForByte()
    {
        const string expected =
            "4f70656e43434d206175646974207631" + // "OpenCCM audit v1"
            "0000000000000001" + // sequence
            "00064cfd5f1e82d9" + // 1773500966535897 µs
            "00000024" + "36663163326234652d303030302d343030302d383030302d303030303030303030303031" + // account
            "00000008" + "757365723a616461" + // actor
            "0000000a" + "6170702e637265617465" + // action
            "00000009" + "6170703a6e67696e78" + // subject
            "00000007" + "53554343455353" + // outcome
            "00000007" + "7b2261223a317d" + // details
            "0000000000000000000000000000000000000000000000000000000000000000"; // previous hash

        Assert.Equal(expected, Convert.ToHexStringLower(AuditCanonicalEncoding.Encode(First)));
        Assert.Equal("6dd5e289e57b590aff35a431a57193b2c614ddcbbb887ca5a04261c7f6028fc8", Convert.ToHexStringLower(First.Hash));
    }

    [Fact]
    public void Encode_AbsentAccountAndNonAsciiText_MatchTheVector()
    {
        var second = AuditEntry.Create(
            new AuditEntryDraft
            {
                Timestamp = Time.AddTicks(10), Actor = "system", Action = "zone.create", Subject = "zone:é",
                Outcome = AuditOutcome.Denied, Details = "{}",
            },
            2, First.Hash);

        Assert.Equal("538ccbb0099ac027fd59fdc43c9aedac0a8bb5214dc25bce4b4b3aa4fce594f0", Convert.ToHexStringLower(second.Hash));
        Assert.Equal([0xff, 0xff, 0xff, 0xff], AuditCanonicalEncoding.Encode(second).AsSpan(32, 4).ToArray());
    }

    [Fact]
    public void Encode_IsInjective_ShiftingTextBetweenFieldsChangesTheHash()
    {
        var a = First with { Actor = "user:ad", Action = "aapp.create" };
        var b = First with { Actor = "user:ada", Action = "app.create" };

        Assert.NotEqual(AuditCanonicalEncoding.ComputeHash(a), AuditCanonicalEncoding.ComputeHash(b));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(9L, 0L)]
    [InlineData(10L, 1L)]
    [InlineData(-1L, -1L)]
    [InlineData(-10L, -1L)]
    [InlineData(-11L, -2L)]
    public void ToUnixMicroseconds_FloorsSubMicrosecondTicks(long ticksAfterEpoch, long expected)
    {
        Assert.Equal(expected, AuditCanonicalEncoding.ToUnixMicroseconds(DateTimeOffset.UnixEpoch.AddTicks(ticksAfterEpoch)));
    }

    [Fact]
    public void TruncateToMicroseconds_GivesUtc()
    {
        var local = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.FromHours(3)).AddTicks(15);

        var truncated = AuditCanonicalEncoding.TruncateToMicroseconds(local);

        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(local.UtcTicks - 5, truncated.UtcTicks);
    }
}
