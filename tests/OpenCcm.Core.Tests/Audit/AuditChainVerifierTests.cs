using OpenCcm.Core.Audit;

namespace OpenCcm.Core.Tests.Audit;

public sealed class AuditChainVerifierTests
{
    private static List<AuditEntry> Chain(int count, long firstSequence = 1, byte[]? previous = null)
    {
        var entries = new List<AuditEntry>();
        var hash = previous ?? new byte[32];
        for (var i = 0; i < count; i++)
        {
            var entry = AuditEntry.Create(
                new AuditEntryDraft
                {
                    Timestamp = DateTimeOffset.UnixEpoch.AddDays(i), AccountId = Guid.NewGuid(), Actor = $"user:{i}",
                    Action = "certificate.issue", Subject = $"certificate:{i}", Outcome = AuditOutcome.Success,
                    Details = $$"""{"i":{{i}}}""",
                },
                firstSequence + i, hash);
            entries.Add(entry);
            hash = entry.Hash;
        }

        return entries;
    }

    private static void AssertBreak(AuditChainReport report, long sequence, AuditBreakKind kind)
    {
        Assert.False(report.IsIntact);
        Assert.Equal(kind, report.Break!.Kind);
        Assert.Equal(sequence, report.Break.Sequence);
        Assert.False(string.IsNullOrWhiteSpace(report.Break.Message));
    }

    [Fact]
    public void IntactChain_Verifies()
    {
        var chain = Chain(10);

        var report = AuditChainVerifier.Verify(chain, expectedHead: AuditChainAnchor.At(chain[^1]));

        Assert.True(report.IsIntact);
        Assert.Equal(10, report.EntriesChecked);
        Assert.Equal(10, report.LastGood.Sequence);
        Assert.Equal(chain[^1].Hash, report.LastGood.Hash);
    }

    [Fact]
    public void EmptyChain_IsIntactUnlessAHeadWasExpected()
    {
        Assert.True(AuditChainVerifier.Verify([]).IsIntact);
        AssertBreak(AuditChainVerifier.Verify([], expectedHead: new AuditChainAnchor(1, new byte[32])), 1, AuditBreakKind.HeadMismatch);
    }

    [Theory]
    [InlineData("timestamp")]
    [InlineData("account")]
    [InlineData("actor")]
    [InlineData("action")]
    [InlineData("subject")]
    [InlineData("outcome")]
    [InlineData("details")]
    [InlineData("hash")]
    public void ChangedField_BreaksAtThatEntry(string field)
    {
        var chain = Chain(5);
        var e = chain[2];
        chain[2] = field switch
        {
            "timestamp" => e with { Timestamp = e.Timestamp.AddTicks(10) },
            "account" => e with { AccountId = null },
            "actor" => e with { Actor = "user:mallory" },
            "action" => e with { Action = "certificate.revoke" },
            "subject" => e with { Subject = "certificate:x" },
            "outcome" => e with { Outcome = AuditOutcome.Denied },
            "details" => e with { Details = """{"i": 2}""" },
            _ => e with { Hash = new byte[32] },
        };

        var report = AuditChainVerifier.Verify(chain);

        AssertBreak(report, 3, AuditBreakKind.HashMismatch);
        Assert.Equal(2, report.LastGood.Sequence);
    }

    [Fact]
    public void ChangedPreviousHash_BreaksTheLink()
    {
        var chain = Chain(5);
        chain[3] = chain[3] with { PreviousHash = new byte[32] };

        AssertBreak(AuditChainVerifier.Verify(chain), 4, AuditBreakKind.PreviousHashMismatch);
    }

    [Fact]
    public void DeletedEntry_IsAGap()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        AssertBreak(AuditChainVerifier.Verify(chain), 2, AuditBreakKind.SequenceGap);
    }

    [Fact]
    public void DeletedFirstEntry_IsAGapAtOne()
    {
        AssertBreak(AuditChainVerifier.Verify(Chain(3).Skip(1)), 1, AuditBreakKind.SequenceGap);
    }

    [Fact]
    public void ReorderedEntries_BreakAtTheFirstOutOfPlace()
    {
        var chain = Chain(5);
        (chain[1], chain[2]) = (chain[2], chain[1]);

        AssertBreak(AuditChainVerifier.Verify(chain), 2, AuditBreakKind.SequenceGap);
    }

    [Fact]
    public void RenumberedAfterReorder_BreaksTheLink()
    {
        var chain = Chain(5);
        var (second, third) = (chain[1], chain[2]);
        chain[1] = third with { Sequence = 2 };
        chain[2] = second with { Sequence = 3 };

        AssertBreak(AuditChainVerifier.Verify(chain), 2, AuditBreakKind.PreviousHashMismatch);
    }

    [Fact]
    public void DuplicatedEntry_IsOutOfOrder()
    {
        var chain = Chain(4);
        chain.Insert(2, chain[1]);

        AssertBreak(AuditChainVerifier.Verify(chain), 3, AuditBreakKind.SequenceOutOfOrder);
    }

    [Fact]
    public void RewrittenTail_ShowsOnlyAgainstTheExpectedHead()
    {
        var original = Chain(5);
        var forged = original.Take(3).Concat(Chain(2, 4, original[2].Hash)).ToList();

        Assert.True(AuditChainVerifier.Verify(forged).IsIntact);
        AssertBreak(AuditChainVerifier.Verify(forged, expectedHead: AuditChainAnchor.At(original[^1])), 5, AuditBreakKind.HeadMismatch);
        AssertBreak(AuditChainVerifier.Verify(forged, expectedHead: AuditChainAnchor.At(original[3])), 4, AuditBreakKind.HeadMismatch);
    }

    [Fact]
    public void TruncatedChain_ShowsAgainstTheExpectedHead()
    {
        var chain = Chain(5);

        AssertBreak(AuditChainVerifier.Verify(chain.Take(3), expectedHead: AuditChainAnchor.At(chain[^1])), 4, AuditBreakKind.HeadMismatch);
    }

    [Fact]
    public void VerifyingFromAnAnchor_ChecksOnlyTheRest()
    {
        var chain = Chain(6);

        var report = AuditChainVerifier.Verify(chain.Skip(3), AuditChainAnchor.At(chain[2]));

        Assert.True(report.IsIntact);
        Assert.Equal(3, report.EntriesChecked);
        AssertBreak(AuditChainVerifier.Verify(chain.Skip(3), new AuditChainAnchor(3, new byte[32])), 4, AuditBreakKind.PreviousHashMismatch);
    }

    [Fact]
    public async Task VerifyAsync_AgreesWithVerify()
    {
        var chain = Chain(5);
        chain[4] = chain[4] with { Actor = "x" };

        var report = await AuditChainVerifier.VerifyAsync(chain.ToAsyncEnumerable());

        AssertBreak(report, 5, AuditBreakKind.HashMismatch);
        Assert.Equal(4, report.LastGood.Sequence);
    }
}
