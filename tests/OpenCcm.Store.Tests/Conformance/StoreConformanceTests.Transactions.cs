using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Transaction_Commit_KeepsTheWritesOfEveryStore()
    {
        var account = Make.Account();
        var zone = Make.Zone(account.Id);
        AuditEntry entry;

        await using (var transaction = await Transactions.BeginAsync())
        {
            await Accounts.CreateAsync(account);
            await Zones.CreateAsync(zone);
            entry = await Audit.AppendAsync(Make.Draft(account.Id, "account.create"));
            await transaction.CommitAsync();
        }

        await using var reader = Database.NewScope();
        Assert.NotNull(await reader.Get<IAccountStore>().GetAsync(account.Id));
        Assert.NotNull(await reader.Get<IZoneStore>().GetAsync(zone.Id));
        Make.Same(entry, await reader.Get<IAuditStore>().GetAsync(entry.Sequence));
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_LeavesNothing()
    {
        var head = await Audit.GetHeadAsync();
        var account = Make.Account();
        var zone = Make.Zone(account.Id);

        await using (await Transactions.BeginAsync())
        {
            await Accounts.CreateAsync(account);
            await Zones.CreateAsync(zone);
            await Audit.AppendAsync(Make.Draft(account.Id));
        }

        await using var reader = Database.NewScope();
        Assert.Null(await reader.Get<IAccountStore>().GetAsync(account.Id));
        Assert.Null(await reader.Get<IZoneStore>().GetAsync(zone.Id));
        Make.Same(head, await reader.Get<IAuditStore>().GetHeadAsync());

        // The scope is usable afterwards, and the next append continues the chain without a gap.
        var next = await Audit.AppendAsync(Make.Draft());
        Assert.Equal((head?.Sequence ?? 0) + 1, next.Sequence);
    }

    [Fact]
    public async Task Transaction_FailedWriteThenRollback_LeavesNothingOfTheEarlierWrites()
    {
        var taken = await NewAccountAsync();
        var account = Make.Account();

        await using (await Transactions.BeginAsync())
        {
            await Accounts.CreateAsync(account);
            await Assert.ThrowsAsync<DuplicateException>(async () => await Accounts.CreateAsync(Make.Account() with { Name = taken.Name }));
        }

        Assert.Null(await Accounts.GetAsync(account.Id));
        Assert.NotNull(await Accounts.GetAsync(taken.Id));
    }

    [Fact]
    public async Task Transaction_NestedBegin_IsRefused()
    {
        await using var transaction = await Transactions.BeginAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Transactions.BeginAsync());
    }
}
