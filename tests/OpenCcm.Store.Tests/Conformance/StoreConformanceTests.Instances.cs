using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    protected IInstanceStore Instances => Scope.Get<IInstanceStore>();

    [Fact]
    public async Task Instance_CreateGetGetMany_AndDanglingOrDuplicate_ThrowTyped()
    {
        var (zone, _, certificate) = await NewWorkloadAsync();
        var instance = NewInstance(certificate);

        var created = await Instances.CreateAsync(instance);

        Make.Same(instance with { Version = 1 }, created);
        Make.Same(created, await Instances.GetAsync(instance.Id));
        Assert.Null(await Instances.GetAsync(Guid.NewGuid()));
        Assert.Equal([instance.Id], (await Instances.GetManyAsync([instance.Id, Guid.NewGuid(), instance.Id])).Select(i => i.Id));
        Assert.Empty(await Instances.GetManyAsync([]));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Instances.CreateAsync(instance));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Instances.CreateAsync(NewInstance(certificate) with { CertificateId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Instances.CreateAsync(NewInstance(certificate) with { AppId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Instances.CreateAsync(NewInstance(certificate) with { NodeId = Guid.NewGuid() }));
        Assert.NotEqual(Guid.Empty, zone.Id);
    }

    [Fact]
    public async Task Instance_GetMany_ReadsMoreIdsThanOneChunk()
    {
        var (_, _, certificate) = await NewWorkloadAsync();
        var many = Enumerable.Range(0, 1200).Select(_ => NewInstance(certificate)).ToArray();
        await Instances.WriteAsync(many, []);

        var found = await Instances.GetManyAsync([.. many.Select(i => i.Id)]);

        Assert.Equal(many.Select(i => i.Id).Order(), found.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Instance_WriteCreatesAndUpdatesTogether_AndAStaleVersionWritesNothing()
    {
        var (_, _, certificate) = await NewWorkloadAsync();
        var existing = await Instances.CreateAsync(NewInstance(certificate));
        var fresh = NewInstance(certificate);
        var counted = existing with { MessageCount = 2, LastSequence = 2, Status = InstanceStatus.Stopped, ExitCode = 1, LastSignature = [9, 9] };

        await Instances.WriteAsync([fresh], [counted]);

        Make.Same(fresh with { Version = 1 }, await Instances.GetAsync(fresh.Id));
        Make.Same(counted with { Version = 2 }, await Instances.GetAsync(existing.Id));

        var another = NewInstance(certificate);
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Instances.WriteAsync([another], [counted with { MessageCount = 3 }]));
        Assert.Null(await Instances.GetAsync(another.Id));
        Assert.Equal(2, (await Instances.GetAsync(existing.Id))!.MessageCount);
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Instances.UpdateAsync(counted));
        Assert.Equal(3, (await Instances.UpdateAsync(counted with { Version = 2, MessageCount = 4 })).Version);
    }

    [Fact]
    public async Task Instance_RecordHeartbeats_ChangesOnlyCountsTimesAndSignature_AtTheCurrentVersion()
    {
        var (zone, node, certificate) = await NewWorkloadAsync();
        var renewed = await Certificates.CreateAsync(Make.Certificate(zone, node.Id) with { AppId = certificate.AppId, BuildId = certificate.BuildId });
        var first = await Instances.CreateAsync(NewInstance(certificate));
        var second = await Instances.CreateAsync(NewInstance(certificate));
        var later = Make.Now.AddSeconds(5);
        var beat = first with
        {
            MessageCount = 2, LastSequence = 2, IntervalSeconds = 10, LastSeenAt = later, LastSentAt = later, LastSignature = [7], UnresponsiveAt = later.AddSeconds(30),
            UpdatedAt = later,
        };

        await Instances.RecordHeartbeatsAsync([beat, second with { MessageCount = 5, LastSignature = null }]);

        Make.Same(beat with { Version = 2 }, await Instances.GetAsync(first.Id));
        Assert.Null((await Instances.GetAsync(second.Id))!.LastSignature);
        // Status, certificate and build are not this method's to change.
        await Instances.RecordHeartbeatsAsync([beat with { Version = 2, Status = InstanceStatus.Stopped, CertificateId = renewed.Id, MessageCount = 3 }]);
        var stored = await Instances.GetAsync(first.Id);
        Assert.Equal((InstanceStatus.Running, certificate.Id, 3L, 3L), (stored!.Status, stored.CertificateId, stored.MessageCount, stored.Version));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Instances.RecordHeartbeatsAsync([beat with { MessageCount = 9 }, second with { Version = 2 }]));
        Assert.Equal(3, (await Instances.GetAsync(first.Id))!.MessageCount);
        Assert.Equal(5, (await Instances.GetAsync(second.Id))!.MessageCount);
    }

    [Fact]
    public async Task Instance_ListFiltersNewestFirst_WithinTheAccount()
    {
        var (zone, node, certificate) = await NewWorkloadAsync();
        var otherApp = await Apps.CreateAsync(Make.App(zone.AccountId));
        var otherCertificate = await Certificates.CreateAsync(Make.Certificate(zone, node.Id) with { AppId = otherApp.Id });
        var first = await Instances.CreateAsync(NewInstance(certificate));
        var second = await Instances.CreateAsync(NewInstance(certificate) with { CreatedAt = Make.Now.AddSeconds(1), Status = InstanceStatus.Stopped });
        var third = await Instances.CreateAsync(NewInstance(otherCertificate) with { CreatedAt = Make.Now.AddSeconds(2), BuildId = null });
        var account = zone.AccountId;

        var all = await Instances.ListAsync(new InstanceQuery { AccountId = account }, PageRequest.First);

        Assert.Equal([third.Id, second.Id, first.Id], all.Items.Select(i => i.Id));
        Assert.Equal(3, all.TotalCount);
        Assert.Equal([second.Id], (await Instances.ListAsync(new InstanceQuery { AccountId = account }, new PageRequest(1, 1))).Items.Select(i => i.Id));
        Assert.Equal([second.Id, first.Id], (await Instances.ListAsync(new InstanceQuery { AccountId = account, AppId = certificate.AppId }, PageRequest.First)).Items.Select(i => i.Id));
        Assert.Equal([second.Id, first.Id], (await Instances.ListAsync(new InstanceQuery { AccountId = account, BuildId = certificate.BuildId }, PageRequest.First)).Items.Select(i => i.Id));
        Assert.Equal(3, (await Instances.ListAsync(new InstanceQuery { AccountId = account, NodeId = node.Id }, PageRequest.First)).TotalCount);
        Assert.Equal([second.Id], (await Instances.ListAsync(new InstanceQuery { AccountId = account, Status = InstanceStatus.Stopped }, PageRequest.First)).Items.Select(i => i.Id));
        Assert.Empty((await Instances.ListAsync(new InstanceQuery { AccountId = Guid.NewGuid() }, PageRequest.First)).Items);
    }

    [Fact]
    public async Task Instance_ListSilent_FindsOnlyRunningInstancesPastTheirDeadline_InEveryAccount()
    {
        var (_, _, certificate) = await NewWorkloadAsync();
        var (_, _, elsewhere) = await NewWorkloadAsync();
        var at = Make.Now.AddYears(-50); // earlier than any other test's deadlines
        var late = await Instances.CreateAsync(NewInstance(certificate) with { UnresponsiveAt = at.AddSeconds(-2) });
        var lateElsewhere = await Instances.CreateAsync(NewInstance(elsewhere) with { UnresponsiveAt = at.AddSeconds(-1) });
        var onTime = await Instances.CreateAsync(NewInstance(certificate) with { UnresponsiveAt = at.AddSeconds(1) });
        var stopped = await Instances.CreateAsync(NewInstance(certificate) with { Status = InstanceStatus.Stopped, UnresponsiveAt = at.AddSeconds(-3) });
        var already = await Instances.CreateAsync(NewInstance(certificate) with { Status = InstanceStatus.Unresponsive, UnresponsiveAt = at.AddSeconds(-3) });

        var silent = (await Instances.ListSilentAsync(at, PageRequest.MaxLimit)).Select(i => i.Id).ToList();

        Assert.True(silent.IndexOf(late.Id) >= 0 && silent.IndexOf(late.Id) < silent.IndexOf(lateElsewhere.Id)); // earliest deadline first
        Assert.DoesNotContain(onTime.Id, silent);
        Assert.DoesNotContain(stopped.Id, silent);
        Assert.DoesNotContain(already.Id, silent);
        Assert.Single(await Instances.ListSilentAsync(at, 1));
    }

    [Fact]
    public async Task Instance_FindCertificates_BySerialsInAnyCase_LeavingOutUnknownOnes()
    {
        var (_, node, certificate) = await NewWorkloadAsync();

        var found = await Instances.FindCertificatesAsync([certificate.Serial.ToUpperInvariant(), "ffff", certificate.Serial]);

        var only = Assert.Single(found);
        Assert.Equal(new InstanceCertificate(certificate.Id, certificate.Serial, certificate.AccountId, node.Id, certificate.AppId, certificate.BuildId,
            CertificateStatus.Issued), only);
        Assert.Empty(await Instances.FindCertificatesAsync([]));
    }

    [Fact]
    public async Task Instance_WithItsAccount_IsDeleted_AndOutlivesADeletedBuild()
    {
        var (zone, _, certificate) = await NewWorkloadAsync();
        var instance = await Instances.CreateAsync(NewInstance(certificate));

        Assert.True(await Builds.DeleteAsync(certificate.BuildId!.Value));
        Assert.Null((await Instances.GetAsync(instance.Id))!.BuildId);
        Assert.True(await Accounts.DeleteAsync(zone.AccountId));
        Assert.Null(await Instances.GetAsync(instance.Id));
    }

    private async Task<(Zone Zone, Node Node, Certificate Certificate)> NewWorkloadAsync()
    {
        var zone = await NewZoneAsync();
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var app = await Apps.CreateAsync(Make.App(zone.AccountId));
        var build = await Builds.CreateAsync(Make.SgxBuild(app));
        var certificate = await Certificates.CreateAsync(Make.Certificate(zone, node.Id) with { AppId = app.Id, BuildId = build.Id });
        return (zone, node, certificate);
    }

    private static AppInstance NewInstance(Certificate certificate) => new()
    {
        Id = Guid.NewGuid(), AccountId = certificate.AccountId, AppId = certificate.AppId!.Value, BuildId = certificate.BuildId, NodeId = certificate.NodeId!.Value,
        CertificateId = certificate.Id, Status = InstanceStatus.Running, MessageCount = 1, LastSequence = 1, IntervalSeconds = 5, ExitCode = null,
        LastSeenAt = Make.Now, LastSentAt = Make.Now.AddSeconds(-1), LastSignature = [1, 2, 3], UnresponsiveAt = Make.Now.AddSeconds(15),
        StatusUpdatedAt = Make.Now, CreatedAt = Make.Now, UpdatedAt = Make.Now,
    };
}
