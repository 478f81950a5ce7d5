using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Account_CreateThenGet_RoundTripsAtVersionOne()
    {
        var account = Make.Account() with { DefaultZoneId = Guid.NewGuid(), Status = AccountStatus.Pending, Version = 42 };

        var created = await Accounts.CreateAsync(account);

        Make.Same(account with { Version = 1 }, created);
        Make.Same(created, await Accounts.GetAsync(account.Id));
        Make.Same(created, await Accounts.FindByNameAsync(account.Name));
    }

    [Fact]
    public async Task Account_Unknown_IsNull()
    {
        Assert.Null(await Accounts.GetAsync(Guid.NewGuid()));
        Assert.Null(await Accounts.FindByNameAsync(Make.Unique("nobody")));
    }

    [Fact]
    public async Task Account_DuplicateNameOrId_ThrowsDuplicate()
    {
        var account = await NewAccountAsync();

        var byName = await Assert.ThrowsAsync<DuplicateException>(async () => await Accounts.CreateAsync(Make.Account() with { Name = account.Name }));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Accounts.CreateAsync(Make.Account() with { Id = account.Id }));

        Assert.Equal(nameof(Account), byName.EntityType);
        Assert.NotNull(byName.Constraint);
        Assert.Contains("name", byName.Constraint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_Update_BumpsVersionAndPersists()
    {
        var account = await NewAccountAsync();

        var updated = await Accounts.UpdateAsync(account with { Description = "renamed", Status = AccountStatus.Disabled, UpdatedAt = Make.Now.AddHours(1) });

        Assert.Equal(2, updated.Version);
        Make.Same(updated, await Accounts.GetAsync(account.Id));
        Assert.Equal(AccountStatus.Disabled, updated.Status);
    }

    [Fact]
    public async Task Account_UpdateWithStaleVersion_ThrowsConcurrencyAndKeepsWinner()
    {
        var account = await NewAccountAsync();
        var winner = await Accounts.UpdateAsync(account with { Description = "first" });

        var error = await Assert.ThrowsAsync<ConcurrencyException>(async () => await Accounts.UpdateAsync(account with { Description = "second" }));

        Assert.Equal(nameof(Account), error.EntityType);
        Make.Same(winner, await Accounts.GetAsync(account.Id));
    }

    [Fact]
    public async Task Account_UpdateDeletedOrUnknown_ThrowsConcurrency()
    {
        var account = await NewAccountAsync();
        Assert.True(await Accounts.DeleteAsync(account.Id));

        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Accounts.UpdateAsync(account with { Description = "late" }));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Accounts.UpdateAsync(Make.Account() with { Version = 1 }));
    }

    [Fact]
    public async Task Account_UpdateToTakenName_ThrowsDuplicate()
    {
        var first = await NewAccountAsync();
        var second = await NewAccountAsync();

        await Assert.ThrowsAsync<DuplicateException>(async () => await Accounts.UpdateAsync(second with { Name = first.Name }));
        Make.Same(second, await Accounts.GetAsync(second.Id));
    }

    [Fact]
    public async Task Account_List_IsOrderedByNameAndPaged()
    {
        var prefix = Make.Unique("list");
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            await Accounts.CreateAsync(Make.Account() with { Name = $"{prefix}-{suffix}" });
        }

        var all = new List<Account>();
        for (var offset = 0; ; offset += 50)
        {
            var page = await Accounts.ListAsync(new PageRequest(offset, 50));
            all.AddRange(page.Items);
            Assert.True(page.TotalCount >= 3);
            if (page.Items.Count < 50)
            {
                break;
            }
        }

        var mine = all.Where(a => a.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Name).ToArray();
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], mine);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Accounts.ListAsync(new PageRequest(0, 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Accounts.ListAsync(new PageRequest(-1, 10)));
    }

    [Fact]
    public async Task Account_Delete_RemovesEverythingInItButKeepsTheAuditLog()
    {
        var zone = await NewZoneAsync();
        var accountId = zone.AccountId;
        var user = await NewUserAsync();
        await Accounts.AddMemberAsync(new AccountMember { AccountId = accountId, UserId = user.Id, Role = AccountRole.Manager, CreatedAt = Make.Now });
        var token = await JoinTokens.CreateAsync(Make.JoinToken(zone));
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var app = await Apps.CreateAsync(Make.App(accountId));
        var build = await Builds.CreateAsync(Make.SgxBuild(app));
        var task = await Tasks.CreateAsync(Make.Task(accountId, app.Id));
        var certificate = await Certificates.CreateAsync(Make.Certificate(zone, node.Id) with { AppId = app.Id, BuildId = build.Id });
        var session = await ApiTokens.CreateAsync(Make.ApiToken(user.Id) with { AccountId = accountId });
        var entry = await Audit.AppendAsync(Make.Draft(accountId));

        Assert.True(await Accounts.DeleteAsync(accountId));

        Assert.Null(await Accounts.GetAsync(accountId));
        Assert.Null(await Accounts.GetMemberAsync(accountId, user.Id));
        Assert.Null(await Zones.GetAsync(zone.Id));
        Assert.Null(await JoinTokens.GetAsync(token.Id));
        Assert.Null(await Nodes.GetAsync(node.Id));
        Assert.Null(await Apps.GetAsync(app.Id));
        Assert.Null(await Builds.GetAsync(build.Id));
        Assert.Null(await Tasks.GetAsync(task.Id));
        Assert.Null(await Certificates.GetAsync(certificate.Id));
        Assert.Null((await ApiTokens.GetAsync(session.Id))!.AccountId);
        Assert.NotNull(await Users.GetAsync(user.Id));
        Make.Same(entry, await Audit.GetAsync(entry.Sequence));
        Assert.False(await Accounts.DeleteAsync(accountId));
    }

    [Fact]
    public async Task Member_AddGetListSetRoleRemove()
    {
        var account = await NewAccountAsync();
        var other = await NewAccountAsync();
        var ada = await NewUserAsync();
        var bob = await NewUserAsync();
        var adaMember = new AccountMember { AccountId = account.Id, UserId = ada.Id, Role = AccountRole.Manager, CreatedAt = Make.Now };
        var bobMember = new AccountMember { AccountId = account.Id, UserId = bob.Id, Role = AccountRole.Reader, CreatedAt = Make.Now.AddSeconds(1) };
        var adaElsewhere = new AccountMember { AccountId = other.Id, UserId = ada.Id, Role = AccountRole.Writer, CreatedAt = Make.Now.AddSeconds(2) };

        Make.Same(adaMember, await Accounts.AddMemberAsync(adaMember));
        await Accounts.AddMemberAsync(bobMember);
        await Accounts.AddMemberAsync(adaElsewhere);

        Make.Same(adaMember, await Accounts.GetMemberAsync(account.Id, ada.Id));
        Make.Same(new[] { adaMember, bobMember }, await Accounts.ListMembersAsync(account.Id));
        Make.Same(new[] { adaMember, adaElsewhere }, await Accounts.ListMembershipsAsync(ada.Id));

        Assert.True(await Accounts.SetMemberRoleAsync(account.Id, bob.Id, AccountRole.Writer));
        Assert.Equal(AccountRole.Writer, (await Accounts.GetMemberAsync(account.Id, bob.Id))!.Role);

        Assert.True(await Accounts.RemoveMemberAsync(account.Id, bob.Id));
        Assert.Null(await Accounts.GetMemberAsync(account.Id, bob.Id));
        Assert.False(await Accounts.RemoveMemberAsync(account.Id, bob.Id));
        Assert.False(await Accounts.SetMemberRoleAsync(account.Id, bob.Id, AccountRole.Manager));
    }

    [Fact]
    public async Task Member_DuplicateOrDangling_ThrowsTyped()
    {
        var account = await NewAccountAsync();
        var user = await NewUserAsync();
        var member = new AccountMember { AccountId = account.Id, UserId = user.Id, Role = AccountRole.Reader, CreatedAt = Make.Now };
        await Accounts.AddMemberAsync(member);

        await Assert.ThrowsAsync<DuplicateException>(async () => await Accounts.AddMemberAsync(member with { Role = AccountRole.Manager }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Accounts.AddMemberAsync(member with { UserId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Accounts.AddMemberAsync(member with { AccountId = Guid.NewGuid() }));
        Assert.Equal(AccountRole.Reader, (await Accounts.GetMemberAsync(account.Id, user.Id))!.Role);
    }
}
