using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Audit_Append_ChainsConsecutiveEntries()
    {
        var head = await Audit.GetHeadAsync();
        var draft = Make.Draft(Guid.NewGuid()) with { Outcome = AuditOutcome.Denied, Details = """{"code":"BuildNotAllowlisted","note":"é ✓ 🔒"}""" };

        var first = await Audit.AppendAsync(draft);
        var second = await Audit.AppendAsync(Make.Draft());

        Assert.Equal((head?.Sequence ?? 0) + 1, first.Sequence);
        Assert.Equal(first.Sequence + 1, second.Sequence);
        Assert.Equal(head?.Hash ?? AuditEntry.GenesisHash.ToArray(), first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(AuditCanonicalEncoding.ComputeHash(first), first.Hash);
        Assert.Equal(draft.Details, first.Details);
        Make.Same(first, await Audit.GetAsync(first.Sequence));
        Make.Same(second, await Audit.GetHeadAsync());
        Assert.Null(await Audit.GetAsync(second.Sequence + 1000));
    }

    [Fact]
    public async Task Audit_StoredEntries_VerifyAfterReading()
    {
        var local = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7)).AddTicks(9999);
        var entry = await Audit.AppendAsync(Make.Draft() with { Timestamp = local, AccountId = null });
        var read = await Audit.GetAsync(entry.Sequence);

        Assert.Equal(entry.Hash, AuditCanonicalEncoding.ComputeHash(read!));
        Assert.Equal(AuditCanonicalEncoding.ToUnixMicroseconds(local), AuditCanonicalEncoding.ToUnixMicroseconds(read!.Timestamp));
        var report = await AuditChainVerifier.VerifyAsync(Audit.ReadAllAsync());
        Assert.True(report.IsIntact, report.Break?.Message);
    }

    [Fact]
    public async Task Audit_AppendRange_IsOneContiguousRun()
    {
        var drafts = Enumerable.Range(0, 5).Select(i => Make.Draft(action: $"batch.{i}")).ToArray();

        var entries = await Audit.AppendRangeAsync(drafts);

        Assert.Equal(drafts.Select(d => d.Action), entries.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => entries[0].Sequence + i), entries.Select(e => e.Sequence));
        var report = AuditChainVerifier.Verify(entries, new AuditChainAnchor(entries[0].Sequence - 1, entries[0].PreviousHash));
        Assert.True(report.IsIntact);
        Assert.Empty(await Audit.AppendRangeAsync([]));
    }

    [Fact]
    public async Task Audit_InvalidDraft_IsRefusedAndNothingIsStored()
    {
        var head = await Audit.GetHeadAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await Audit.AppendAsync(Make.Draft() with { Details = "{not json" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Audit.AppendRangeAsync([Make.Draft(), Make.Draft() with { Actor = "nul\0" }]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Audit.AppendAsync(Make.Draft() with { Subject = "\ud800" }));

        Make.Same(head, await Audit.GetHeadAsync());
    }

    [Fact]
    public async Task Audit_List_ByAccountAfterSequenceWithLimit()
    {
        var account = Guid.NewGuid();
        var mine = new List<AuditEntry>();
        for (var i = 0; i < 4; i++)
        {
            mine.Add(await Audit.AppendAsync(Make.Draft(account)));
            await Audit.AppendAsync(Make.Draft(Guid.NewGuid()));
        }

        Make.Same(mine.ToArray(), await Audit.ListAsync(new AuditQuery { AccountId = account }));
        Make.Same(mine.Skip(1).Take(2).ToArray(), await Audit.ListAsync(new AuditQuery { AccountId = account, AfterSequence = mine[0].Sequence, Limit = 2 }));
        var tail = await Audit.ListAsync(new AuditQuery { AfterSequence = mine[^1].Sequence - 1 });
        Assert.Equal([mine[^1].Sequence, mine[^1].Sequence + 1], tail.Select(e => e.Sequence));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Audit.ListAsync(new AuditQuery { Limit = 0 }));
    }

    [Fact]
    public async Task Audit_ReadAll_PagesThroughTheWholeChain()
    {
        await Audit.AppendRangeAsync(Enumerable.Range(0, 1100).Select(_ => Make.Draft()).ToArray());
        var head = await Audit.GetHeadAsync();

        var all = new List<AuditEntry>();
        await foreach (var entry in Audit.ReadAllAsync())
        {
            all.Add(entry);
        }

        Assert.Equal(Enumerable.Range(1, (int)head!.Sequence).Select(i => (long)i), all.Select(e => e.Sequence));
        var report = AuditChainVerifier.Verify(all, expectedHead: AuditChainAnchor.At(head));
        Assert.True(report.IsIntact, report.Break?.Message);
        Assert.Equal(head.Sequence, report.LastGood.Sequence);
        var after = new List<AuditEntry>();
        await foreach (var entry in Audit.ReadAllAsync(head.Sequence - 2))
        {
            after.Add(entry);
        }

        Assert.Equal(2, after.Count);
    }
}
