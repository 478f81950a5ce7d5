using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

/// <summary>
/// The audit chain under concurrency and tampering, on each provider. Every test gets its own database, since
/// tampering breaks it and the concurrency tests count every entry.
/// </summary>
public abstract class AuditChainConformanceTests(StoreTestProvider provider)
{
    private const int Writers = 8;
    private const int EntriesPerWriter = 25;

    [Fact]
    public async Task ConcurrentAppends_FromSeveralScopes_FormOneUnbrokenChain()
    {
        await using var database = await provider.CreateDatabaseAsync(nameof(ConcurrentAppends_FromSeveralScopes_FormOneUnbrokenChain));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < EntriesPerWriter; i++)
            {
                await using var scope = database.NewScope();
                await scope.Get<IAuditStore>().AppendAsync(Make.Draft(action: $"writer{writer}.{i}"));
            }
        })));

        var entries = await ReadAllAsync(database);
        Assert.Equal(Enumerable.Range(1, Writers * EntriesPerWriter).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(Writers * EntriesPerWriter, entries.Select(e => e.Action).Distinct().Count());
        var report = AuditChainVerifier.Verify(entries);
        Assert.True(report.IsIntact, report.Break?.Message);
    }

    [Fact]
    public async Task ConcurrentAppends_InTransactionsAndBatches_SomeRolledBack_LeaveNoGap()
    {
        await using var database = await provider.CreateDatabaseAsync(nameof(ConcurrentAppends_InTransactionsAndBatches_SomeRolledBack_LeaveNoGap));
        var committed = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await using var scope = database.NewScope();
                await using var transaction = await scope.Get<IStoreTransactions>().BeginAsync();
                await scope.Get<IAuditStore>().AppendRangeAsync([Make.Draft(action: $"w{writer}.{i}.a"), Make.Draft(action: $"w{writer}.{i}.b")]);
                if (i % 3 != 0)
                {
                    await transaction.CommitAsync();
                    Interlocked.Add(ref committed, 2);
                }
            }
        })));

        var entries = await ReadAllAsync(database);
        Assert.Equal(committed, entries.Count);
        Assert.Equal(Enumerable.Range(1, committed).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.True(AuditChainVerifier.Verify(entries).IsIntact);
    }

    [Fact]
    public async Task ConcurrentIssuanceBatches_AndAppends_FormOneUnbrokenChain()
    {
        await using var database = await provider.CreateDatabaseAsync(nameof(ConcurrentIssuanceBatches_AndAppends_FormOneUnbrokenChain));
        Core.Models.Zone zone;
        await using (var setup = database.NewScope())
        {
            var account = await setup.Get<IAccountStore>().CreateAsync(Make.Account());
            zone = await setup.Get<IZoneStore>().CreateAsync(Make.Zone(account.Id));
        }

        // Issuance batches (as several managers' group commits would write them) race with single audit appends.
        const int BatchWriters = 4, Batches = 10, BatchSize = 5, Appenders = 4, Appends = 10;
        await Task.WhenAll(Enumerable.Range(0, BatchWriters + Appenders).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < (writer < BatchWriters ? Batches : Appends); i++)
            {
                await using var scope = database.NewScope();
                if (writer < BatchWriters)
                {
                    await scope.Get<IIssuanceStore>().AppendAsync([.. Enumerable.Range(0, BatchSize).Select(n =>
                    {
                        var certificate = Make.Certificate(zone);
                        return new IssuanceRecord(certificate, Make.Task(zone.AccountId, certificate.Id), Make.Draft(zone.AccountId, $"issue.{writer}.{i}.{n}"));
                    })]);
                }
                else
                {
                    await scope.Get<IAuditStore>().AppendAsync(Make.Draft(action: $"append.{writer}.{i}"));
                }
            }
        })));

        var entries = await ReadAllAsync(database);
        var total = BatchWriters * Batches * BatchSize + Appenders * Appends;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(total, entries.Select(e => e.Action).Distinct().Count());
        var report = AuditChainVerifier.Verify(entries);
        Assert.True(report.IsIntact, report.Break?.Message);
    }

    [Fact]
    public async Task Tamper_ChangedField_BreaksAtThatEntry()
    {
        await using var database = await ChainAsync(nameof(Tamper_ChangedField_BreaksAtThatEntry), 5);

        await database.ExecuteSqlAsync($"UPDATE audit_entries SET outcome = 'FAILURE' WHERE sequence = 3");

        AssertBroken(await VerifyAsync(database), 3, AuditBreakKind.HashMismatch);
    }

    [Fact]
    public async Task Tamper_ChangedDetails_BreaksAtThatEntry()
    {
        await using var database = await ChainAsync(nameof(Tamper_ChangedDetails_BreaksAtThatEntry), 5);

        await database.ExecuteSqlAsync($"UPDATE audit_entries SET details = {"""{"name":"nginx", "domains":["a.example.test"]}"""} WHERE sequence = 2");

        AssertBroken(await VerifyAsync(database), 2, AuditBreakKind.HashMismatch);
    }

    [Fact]
    public async Task Tamper_RehashedEntry_BreaksTheNextLink()
    {
        await using var database = await ChainAsync(nameof(Tamper_RehashedEntry_BreaksTheNextLink), 5);
        AuditEntry original;
        await using (var scope = database.NewScope())
        {
            original = (await scope.Get<IAuditStore>().GetAsync(3))!;
        }

        var forged = original with { Actor = "user:mallory" };
        var hash = AuditCanonicalEncoding.ComputeHash(forged);
        await database.ExecuteSqlAsync($"UPDATE audit_entries SET actor = {forged.Actor}, hash = {hash} WHERE sequence = 3");

        AssertBroken(await VerifyAsync(database), 4, AuditBreakKind.PreviousHashMismatch);
    }

    [Fact]
    public async Task Tamper_DeletedEntry_IsAGap()
    {
        await using var database = await ChainAsync(nameof(Tamper_DeletedEntry_IsAGap), 5);

        await database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE sequence = 3");

        AssertBroken(await VerifyAsync(database), 3, AuditBreakKind.SequenceGap);
    }

    [Fact]
    public async Task Tamper_DeletedNewestEntry_ShowsOnlyAgainstAnExpectedHead()
    {
        await using var database = await ChainAsync(nameof(Tamper_DeletedNewestEntry_ShowsOnlyAgainstAnExpectedHead), 5);
        AuditEntry head;
        await using (var scope = database.NewScope())
        {
            head = (await scope.Get<IAuditStore>().GetHeadAsync())!;
        }

        await database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE sequence = 5");

        Assert.True((await VerifyAsync(database)).IsIntact);
        AssertBroken(await VerifyAsync(database, AuditChainAnchor.At(head)), 5, AuditBreakKind.HeadMismatch);
    }

    [Fact]
    public async Task Tamper_ReorderedEntries_BreakAtTheFirstMovedOne()
    {
        await using var database = await ChainAsync(nameof(Tamper_ReorderedEntries_BreakAtTheFirstMovedOne), 5);

        await database.ExecuteSqlAsync($"UPDATE audit_entries SET sequence = -2 WHERE sequence = 2");
        await database.ExecuteSqlAsync($"UPDATE audit_entries SET sequence = 2 WHERE sequence = 3");
        await database.ExecuteSqlAsync($"UPDATE audit_entries SET sequence = 3 WHERE sequence = -2");

        var report = await VerifyAsync(database);
        Assert.False(report.IsIntact);
        Assert.Equal(2, report.Break!.Sequence);
        Assert.Equal(1, report.LastGood.Sequence);
    }

    [Fact]
    public async Task Tamper_AppendAfterABreak_StillChainsToTheStoredHead()
    {
        // The store does not hide tampering by re-chaining: a new entry links to whatever the head is now.
        await using var database = await ChainAsync(nameof(Tamper_AppendAfterABreak_StillChainsToTheStoredHead), 3);
        await database.ExecuteSqlAsync($"UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 2");
        await using (var scope = database.NewScope())
        {
            await scope.Get<IAuditStore>().AppendAsync(Make.Draft());
        }

        AssertBroken(await VerifyAsync(database), 2, AuditBreakKind.HashMismatch);
    }

    private static void AssertBroken(AuditChainReport report, long sequence, AuditBreakKind kind)
    {
        Assert.False(report.IsIntact);
        Assert.Equal(kind, report.Break!.Kind);
        Assert.Equal(sequence, report.Break.Sequence);
    }

    private async Task<TestDatabase> ChainAsync(string name, int entries)
    {
        var database = await provider.CreateDatabaseAsync(name);
        await using var scope = database.NewScope();
        var audit = scope.Get<IAuditStore>();
        for (var i = 0; i < entries; i++)
        {
            await audit.AppendAsync(Make.Draft(Guid.NewGuid()));
        }

        Assert.True((await VerifyAsync(database)).IsIntact);
        return database;
    }

    private static async Task<AuditChainReport> VerifyAsync(TestDatabase database, AuditChainAnchor? expectedHead = null)
    {
        await using var scope = database.NewScope();
        return await AuditChainVerifier.VerifyAsync(scope.Get<IAuditStore>().ReadAllAsync(), expectedHead: expectedHead);
    }

    private static async Task<List<AuditEntry>> ReadAllAsync(TestDatabase database)
    {
        await using var scope = database.NewScope();
        var entries = new List<AuditEntry>();
        await foreach (var entry in scope.Get<IAuditStore>().ReadAllAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }
}
