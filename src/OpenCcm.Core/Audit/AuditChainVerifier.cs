namespace OpenCcm.Core.Audit;

/// <summary>
/// Walks a chain in sequence order and reports the first broken link. A chain alone cannot show that its newest
/// entries were cut off (or the whole tail rewritten); pass an <c>expectedHead</c> remembered elsewhere (e.g. an
/// earlier verification, a signed checkpoint) to catch that.
/// </summary>
public static class AuditChainVerifier
{
    /// <summary>Verifies <paramref name="entries"/>, which must follow <paramref name="start"/> (default: the beginning).</summary>
    public static AuditChainReport Verify(IEnumerable<AuditEntry> entries, AuditChainAnchor? start = null, AuditChainAnchor? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var walk = new Walk(start ?? AuditChainAnchor.Genesis, expectedHead);
        foreach (var entry in entries)
        {
            if (!walk.Step(entry))
            {
                return walk.Report();
            }
        }

        return walk.Finish();
    }

    /// <summary>Verifies a stream of entries (e.g. a store's) without holding them all in memory.</summary>
    public static async ValueTask<AuditChainReport> VerifyAsync(
        IAsyncEnumerable<AuditEntry> entries, AuditChainAnchor? start = null, AuditChainAnchor? expectedHead = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var walk = new Walk(start ?? AuditChainAnchor.Genesis, expectedHead);
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!walk.Step(entry))
            {
                return walk.Report();
            }
        }

        return walk.Finish();
    }

    private sealed class Walk(AuditChainAnchor start, AuditChainAnchor? expectedHead)
    {
        private AuditChainAnchor _last = start;
        private long _checked;
        private AuditChainBreak? _break;

        public bool Step(AuditEntry entry)
        {
            ArgumentNullException.ThrowIfNull(entry);
            _checked++;
            var expected = _last.Sequence + 1;
            if (entry.Sequence > expected)
            {
                return Fail(expected, AuditBreakKind.SequenceGap, $"Entry {expected} is missing: entry {entry.Sequence} follows entry {_last.Sequence}.");
            }

            if (entry.Sequence < expected)
            {
                return Fail(expected, AuditBreakKind.SequenceOutOfOrder, $"Entry {entry.Sequence} appears where entry {expected} should be.");
            }

            if (!entry.PreviousHash.AsSpan().SequenceEqual(_last.Hash))
            {
                return Fail(entry.Sequence, AuditBreakKind.PreviousHashMismatch,
                    $"Entry {entry.Sequence} does not link to entry {_last.Sequence}: its previous hash differs from that entry's hash.");
            }

            byte[] actual;
            try
            {
                actual = AuditCanonicalEncoding.ComputeHash(entry);
            }
            catch (ArgumentException e)
            {
                return Fail(entry.Sequence, AuditBreakKind.HashMismatch, $"Entry {entry.Sequence} cannot be encoded: {e.Message}");
            }

            if (!actual.AsSpan().SequenceEqual(entry.Hash))
            {
                return Fail(entry.Sequence, AuditBreakKind.HashMismatch, $"Entry {entry.Sequence} was changed: its contents do not hash to its stored hash.");
            }

            if (expectedHead is not null && entry.Sequence == expectedHead.Sequence && !entry.Hash.AsSpan().SequenceEqual(expectedHead.Hash))
            {
                return Fail(entry.Sequence, AuditBreakKind.HeadMismatch, $"Entry {entry.Sequence} differs from the expected head: the chain was rewritten.");
            }

            _last = AuditChainAnchor.At(entry);
            return true;
        }

        public AuditChainReport Finish()
        {
            if (expectedHead is not null && _last.Sequence < expectedHead.Sequence)
            {
                Fail(_last.Sequence + 1, AuditBreakKind.HeadMismatch,
                    $"The chain ends at entry {_last.Sequence}, before the expected head {expectedHead.Sequence}: entries were removed.");
            }

            return Report();
        }

        public AuditChainReport Report() => new(_checked, _last, _break);

        private bool Fail(long sequence, AuditBreakKind kind, string message)
        {
            _break = new AuditChainBreak(sequence, kind, message);
            return false;
        }
    }
}
