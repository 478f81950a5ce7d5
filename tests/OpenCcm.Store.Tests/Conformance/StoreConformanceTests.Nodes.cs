using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Node_CreateThenGet_RoundTripsEverything()
    {
        var zone = await NewZoneAsync();
        var node = Make.Node(zone) with
        {
            Description = "rack 4", ErrorReport = new NodeErrorReport("QUOTE_VERIFICATION_ERROR", "bad signature"),
            Status = NodeStatus.Failed, LastSeenAt = Make.Now, LastSeenVersion = "1.2.3", CertificateSerial = "ABCDEF01",
        };

        var created = await Nodes.CreateAsync(node);

        Make.Same(node with { Version = 1, CertificateSerial = "abcdef01" }, created);
        Make.Same(created, await Nodes.GetAsync(node.Id));
        Assert.Null(await Nodes.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Node_OfUnknownZoneOrAccount_ThrowsMissingReference()
    {
        var zone = await NewZoneAsync();

        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Nodes.CreateAsync(Make.Node(zone) with { ZoneId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Nodes.CreateAsync(Make.Node(zone) with { AccountId = Guid.NewGuid() }));
        var node = await Nodes.CreateAsync(Make.Node(zone));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Nodes.CreateAsync(Make.Node(zone) with { Id = node.Id }));
    }

    [Fact]
    public async Task Node_List_FiltersAndPages()
    {
        var zone = await NewZoneAsync();
        var otherZone = await NewZoneAsync(zone.AccountId);
        var fresh = await Nodes.CreateAsync(Make.Node(zone) with { LastSeenAt = Make.Now, CreatedAt = Make.Now });
        var stale = await Nodes.CreateAsync(Make.Node(zone) with { LastSeenAt = Make.Now.AddMinutes(-10), CreatedAt = Make.Now.AddSeconds(1) });
        var never = await Nodes.CreateAsync(Make.Node(zone) with { Status = NodeStatus.InProgress, CreatedAt = Make.Now.AddSeconds(2) });
        var elsewhere = await Nodes.CreateAsync(Make.Node(otherZone) with { Status = NodeStatus.Deactivated, CreatedAt = Make.Now.AddSeconds(3) });
        await Nodes.CreateAsync(Make.Node(await NewZoneAsync()));

        var all = await Nodes.ListAsync(new NodeQuery { AccountId = zone.AccountId }, PageRequest.First);
        Assert.Equal(4, all.TotalCount);
        Assert.Equal([fresh.Id, stale.Id, never.Id, elsewhere.Id], all.Items.Select(n => n.Id));

        var second = await Nodes.ListAsync(new NodeQuery { AccountId = zone.AccountId }, new PageRequest(1, 2));
        Assert.Equal(4, second.TotalCount);
        Assert.Equal([stale.Id, never.Id], second.Items.Select(n => n.Id));

        var inZone = await Nodes.ListAsync(new NodeQuery { AccountId = zone.AccountId, ZoneId = otherZone.Id }, PageRequest.First);
        Assert.Equal([elsewhere.Id], inZone.Items.Select(n => n.Id));

        var inProgress = await Nodes.ListAsync(new NodeQuery { AccountId = zone.AccountId, Status = NodeStatus.InProgress }, PageRequest.First);
        Assert.Equal([never.Id], inProgress.Items.Select(n => n.Id));

        var unresponsive = await Nodes.ListAsync(new NodeQuery { AccountId = zone.AccountId, ZoneId = zone.Id, LastSeenBefore = Make.Now.AddMinutes(-1) }, PageRequest.First);
        Assert.Equal([stale.Id, never.Id], unresponsive.Items.Select(n => n.Id));
    }

    [Fact]
    public async Task Node_RecordSeen_DoesNotBumpVersionAndSurvivesUpdates()
    {
        var node = await Nodes.CreateAsync(Make.Node(await NewZoneAsync()));

        Assert.True(await Nodes.RecordSeenAsync(node.Id, Make.Now.AddMinutes(5), "2.0.0"));
        var seen = await Nodes.GetAsync(node.Id);
        Assert.Equal(1, seen!.Version);
        Assert.Equal(Make.Now.AddMinutes(5), seen.LastSeenAt);
        Assert.Equal("2.0.0", seen.LastSeenVersion);

        // An administrator's edit made from an older read keeps the newer last-seen.
        var updated = await Nodes.UpdateAsync(node with { Status = NodeStatus.Deactivated, LastSeenAt = null, LastSeenVersion = null });
        Assert.Equal(2, updated.Version);
        Assert.Equal(Make.Now.AddMinutes(5), updated.LastSeenAt);
        Make.Same(updated, await Nodes.GetAsync(node.Id));

        Assert.False(await Nodes.RecordSeenAsync(Guid.NewGuid(), Make.Now, null));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Nodes.UpdateAsync(node with { Name = "stale" }));
    }
}
