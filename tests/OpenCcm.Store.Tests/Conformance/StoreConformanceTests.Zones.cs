using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Zone_CreateThenGet_RoundTripsCaAndPolicy()
    {
        var account = await NewAccountAsync();
        var zone = Make.Zone(account.Id) with
        {
            Description = "production",
            Policy = new ZonePolicy
            {
                AcceptedTcbStatuses = ["UpToDate"],
                AllowedTeeKinds = [TeeKind.Sgx, TeeKind.SevSnp],
                ApprovalsRequired = 3,
                NodeRefreshInterval = TimeSpan.FromSeconds(45),
                NodeRenewalThreshold = TimeSpan.FromDays(3),
            },
        };

        var created = await Zones.CreateAsync(zone);

        Make.Same(zone with { Version = 1 }, created);
        Make.Same(created, await Zones.GetAsync(zone.Id));
        Assert.Null(await Zones.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Zone_DefaultPolicy_RoundTrips()
    {
        var zone = await NewZoneAsync();

        var read = await Zones.GetAsync(zone.Id);

        Make.Same(ZonePolicy.Default, read!.Policy);
        Assert.Equal(["UpToDate", "SWHardeningNeeded"], read.Policy.AcceptedTcbStatuses);
        Assert.Equal(1, read.Policy.ApprovalsRequired);
    }

    [Fact]
    public async Task Zone_NameIsUniquePerAccountOnly()
    {
        var zone = await NewZoneAsync();
        var other = await NewAccountAsync();

        await Assert.ThrowsAsync<DuplicateException>(async () => await Zones.CreateAsync(Make.Zone(zone.AccountId) with { Name = zone.Name }));
        var elsewhere = await Zones.CreateAsync(Make.Zone(other.Id) with { Name = zone.Name });

        Assert.Equal(zone.Name, elsewhere.Name);
    }

    [Fact]
    public async Task Zone_OfUnknownAccount_ThrowsMissingReference()
    {
        var error = await Assert.ThrowsAsync<MissingReferenceException>(async () => await Zones.CreateAsync(Make.Zone(Guid.NewGuid())));
        Assert.Equal(nameof(Zone), error.EntityType);
    }

    [Fact]
    public async Task Zone_UpdateListAndConcurrency()
    {
        var account = await NewAccountAsync();
        var b = await Zones.CreateAsync(Make.Zone(account.Id) with { Name = "b" });
        var a = await Zones.CreateAsync(Make.Zone(account.Id) with { Name = "a" });

        var updated = await Zones.UpdateAsync(b with { Policy = b.Policy with { ApprovalsRequired = 2 } });

        Assert.Equal(2, updated.Version);
        Assert.Equal(2, (await Zones.GetAsync(b.Id))!.Policy.ApprovalsRequired);
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Zones.UpdateAsync(b));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Zones.UpdateAsync(updated with { Name = "a" }));
        Assert.Equal([a.Id, b.Id], (await Zones.ListAsync(account.Id)).Select(z => z.Id));
        Assert.Empty(await Zones.ListAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Zone_Delete_RefusedWhileNodesRemainAndTakesTokensWithIt()
    {
        var zone = await NewZoneAsync();
        var token = await JoinTokens.CreateAsync(Make.JoinToken(zone));
        var node = await Nodes.CreateAsync(Make.Node(zone));

        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Zones.DeleteAsync(zone.Id));
        Assert.NotNull(await Zones.GetAsync(zone.Id));

        var empty = await NewZoneAsync(zone.AccountId);
        var emptyToken = await JoinTokens.CreateAsync(Make.JoinToken(empty));
        Assert.True(await Zones.DeleteAsync(empty.Id));
        Assert.Null(await JoinTokens.GetAsync(emptyToken.Id));
        Assert.False(await Zones.DeleteAsync(empty.Id));
        Assert.NotNull(await JoinTokens.GetAsync(token.Id));
        Assert.NotNull(await Nodes.GetAsync(node.Id));
    }

    [Fact]
    public async Task JoinToken_CreateFindListRevoke()
    {
        var zone = await NewZoneAsync();
        var older = await JoinTokens.CreateAsync(Make.JoinToken(zone) with { CreatedByUserId = Guid.NewGuid() });
        var newer = await JoinTokens.CreateAsync(Make.JoinToken(zone) with { CreatedAt = Make.Now.AddMinutes(1), ExpiresAt = null });

        Make.Same(older, await JoinTokens.GetAsync(older.Id));
        Make.Same(older, await JoinTokens.FindByHashAsync(older.TokenHash.ToArray()));
        Assert.Null(await JoinTokens.FindByHashAsync(new byte[32]));
        Assert.Null(await JoinTokens.GetAsync(Guid.NewGuid()));
        Assert.Equal([newer.Id, older.Id], (await JoinTokens.ListAsync(zone.Id)).Select(t => t.Id));

        Assert.True(await JoinTokens.RevokeAsync(older.Id, Make.Now.AddHours(1)));
        Assert.False(await JoinTokens.RevokeAsync(older.Id, Make.Now.AddHours(2)));
        Assert.False(await JoinTokens.RevokeAsync(Guid.NewGuid(), Make.Now));
        var revoked = await JoinTokens.FindByHashAsync(older.TokenHash);
        Assert.Equal(Make.Now.AddHours(1), revoked!.RevokedAt);
        Assert.False(revoked.IsUsableAt(Make.Now));
        Assert.True(newer.IsUsableAt(Make.Now.AddYears(10)));
    }

    [Fact]
    public async Task JoinToken_DuplicateHashOrUnknownZone_ThrowsTyped()
    {
        var zone = await NewZoneAsync();
        var token = await JoinTokens.CreateAsync(Make.JoinToken(zone));

        await Assert.ThrowsAsync<DuplicateException>(async () => await JoinTokens.CreateAsync(Make.JoinToken(zone) with { TokenHash = token.TokenHash }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await JoinTokens.CreateAsync(Make.JoinToken(zone) with { ZoneId = Guid.NewGuid() }));
    }
}
