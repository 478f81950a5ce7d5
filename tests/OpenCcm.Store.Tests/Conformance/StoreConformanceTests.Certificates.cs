using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Certificate_CreateGetFindBySerialInAnyCase()
    {
        var zone = await NewZoneAsync();
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var app = await Apps.CreateAsync(Make.App(zone.AccountId));
        var build = await Builds.CreateAsync(Make.SgxBuild(app));
        var certificate = Make.Certificate(zone, node.Id) with { Serial = "0A1B2C3D4E5F", AppId = app.Id, BuildId = build.Id };

        var created = await Certificates.CreateAsync(certificate);

        Make.Same(certificate with { Version = 1, Serial = "0a1b2c3d4e5f" }, created);
        Make.Same(created, await Certificates.GetAsync(certificate.Id));
        Make.Same(created, await Certificates.FindBySerialAsync("0A1B2C3D4E5F"));
        Make.Same(created, await Certificates.FindBySerialAsync("0a1b2c3d4e5f"));
        Assert.Null(await Certificates.FindBySerialAsync("ff"));
        Assert.Null(await Certificates.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Certificate_RejectedRequestKeepsItsReason()
    {
        var zone = await NewZoneAsync();
        var rejected = Make.Certificate(zone, status: CertificateStatus.Rejected) with
        {
            CertificatePem = null, NotBefore = null, NotAfter = null, DnsNames = [], Reason = "BuildNotAllowlisted",
        };

        Make.Same(rejected with { Version = 1 }, await Certificates.CreateAsync(rejected));
    }

    [Fact]
    public async Task CertificatesAndTasks_CreateRange_WritesAll_OrNoneWhenOneIsBad()
    {
        var zone = await NewZoneAsync();
        var batch = Enumerable.Range(0, 3).Select(_ => Make.Certificate(zone)).ToArray();
        var tasks = batch.Select(c => Make.Task(zone.AccountId, c.Id)).ToArray();
        await Certificates.CreateRangeAsync(batch);
        await Tasks.CreateRangeAsync(tasks);

        var badBatch = new[] { Make.Certificate(zone), Make.Certificate(zone) with { Serial = batch[0].Serial } };
        await Assert.ThrowsAsync<DuplicateException>(async () => await Certificates.CreateRangeAsync(badBatch));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Tasks.CreateRangeAsync([Make.Task(zone.AccountId, Guid.NewGuid()), Make.Task(Guid.NewGuid(), Guid.NewGuid())]));

        foreach (var certificate in batch)
        {
            Assert.Equal(1, (await Certificates.GetAsync(certificate.Id))!.Version);
        }

        foreach (var task in tasks)
        {
            Assert.NotNull(await Tasks.GetAsync(task.Id));
        }

        Assert.Null(await Certificates.GetAsync(badBatch[0].Id)); // the good one of a refused batch is not written either
        await Certificates.CreateAsync(badBatch[0]); // and the store is still usable afterwards
    }

    [Fact]
    public async Task Certificate_DuplicateSerialOrDangling_ThrowsTyped()
    {
        var zone = await NewZoneAsync();
        var certificate = await Certificates.CreateAsync(Make.Certificate(zone));

        await Assert.ThrowsAsync<DuplicateException>(async () => await Certificates.CreateAsync(Make.Certificate(zone) with { Serial = certificate.Serial.ToUpperInvariant() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Certificates.CreateAsync(Make.Certificate(zone, Guid.NewGuid())));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Certificates.CreateAsync(Make.Certificate(zone) with { ZoneId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Certificates.CreateAsync(Make.Certificate(zone) with { BuildId = Guid.NewGuid() }));
    }

    [Fact]
    public async Task Certificate_ListFiltersNewestFirst()
    {
        var zone = await NewZoneAsync();
        var otherZone = await NewZoneAsync(zone.AccountId);
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var app = await Apps.CreateAsync(Make.App(zone.AccountId));
        var nodeCert = await Certificates.CreateAsync(Make.Certificate(zone, node.Id));
        var workload = await Certificates.CreateAsync(Make.Certificate(zone, node.Id) with { AppId = app.Id, CreatedAt = Make.Now.AddSeconds(1) });
        var pending = await Certificates.CreateAsync(Make.Certificate(otherZone, status: CertificateStatus.Pending) with { CreatedAt = Make.Now.AddSeconds(2) });

        var all = await Certificates.ListAsync(new CertificateQuery { AccountId = zone.AccountId }, PageRequest.First);
        Assert.Equal([pending.Id, workload.Id, nodeCert.Id], all.Items.Select(c => c.Id));
        Assert.Equal([workload.Id, nodeCert.Id], (await Certificates.ListAsync(new CertificateQuery { AccountId = zone.AccountId, NodeId = node.Id }, PageRequest.First)).Items.Select(c => c.Id));
        Assert.Equal([workload.Id], (await Certificates.ListAsync(new CertificateQuery { AccountId = zone.AccountId, AppId = app.Id }, PageRequest.First)).Items.Select(c => c.Id));
        Assert.Equal([pending.Id], (await Certificates.ListAsync(new CertificateQuery { AccountId = zone.AccountId, ZoneId = otherZone.Id }, PageRequest.First)).Items.Select(c => c.Id));
        Assert.Equal([pending.Id], (await Certificates.ListAsync(new CertificateQuery { AccountId = zone.AccountId, Status = CertificateStatus.Pending }, PageRequest.First)).Items.Select(c => c.Id));
        Assert.Empty((await Certificates.ListAsync(new CertificateQuery { AccountId = Guid.NewGuid() }, PageRequest.First)).Items);
    }

    [Fact]
    public async Task Certificate_UpdateRevokeAndConcurrency()
    {
        var zone = await NewZoneAsync();
        var certificate = await Certificates.CreateAsync(Make.Certificate(zone));

        var revoked = await Certificates.UpdateAsync(certificate with { Status = CertificateStatus.Revoked, RevokedAt = Make.Now.AddDays(1), Reason = "keyCompromise" });

        Assert.Equal(2, revoked.Version);
        Make.Same(revoked, await Certificates.GetAsync(certificate.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Certificates.UpdateAsync(certificate with { Status = CertificateStatus.Expired }));
    }

    [Fact]
    public async Task Certificate_RevokeForNode_RevokesOnlyThatNodesIssuedCertificates()
    {
        var zone = await NewZoneAsync();
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var other = await Nodes.CreateAsync(Make.Node(zone));
        var issued = await Certificates.CreateAsync(Make.Certificate(zone, node.Id));
        var workload = await Certificates.CreateAsync(Make.Certificate(zone, node.Id));
        var rejected = await Certificates.CreateAsync(Make.Certificate(zone, node.Id, CertificateStatus.Rejected));
        var otherNodes = await Certificates.CreateAsync(Make.Certificate(zone, other.Id));
        var at = Make.Now.AddDays(2);

        Assert.Equal(2, await Certificates.RevokeForNodeAsync(node.Id, at, "cessationOfOperation"));
        Assert.Equal(0, await Certificates.RevokeForNodeAsync(node.Id, at, "cessationOfOperation"));

        foreach (var id in new[] { issued.Id, workload.Id })
        {
            var read = await Certificates.GetAsync(id);
            Assert.Equal(CertificateStatus.Revoked, read!.Status);
            Assert.Equal(at, read.RevokedAt);
            Assert.Equal("cessationOfOperation", read.Reason);
            Assert.Equal(2, read.Version);
        }

        Make.Same(rejected, await Certificates.GetAsync(rejected.Id));
        Make.Same(otherNodes, await Certificates.GetAsync(otherNodes.Id));
    }

    [Fact]
    public async Task Certificate_ListRevoked_IsTheZonesUnexpiredRevocationsInOrder()
    {
        var zone = await NewZoneAsync();
        var otherZone = await NewZoneAsync(zone.AccountId);
        var later = await Certificates.CreateAsync(Make.Certificate(zone, status: CertificateStatus.Revoked) with { RevokedAt = Make.Now.AddHours(2) });
        var earlier = await Certificates.CreateAsync(Make.Certificate(zone, status: CertificateStatus.Revoked) with { RevokedAt = Make.Now.AddHours(1) });
        await Certificates.CreateAsync(Make.Certificate(zone, status: CertificateStatus.Revoked) with { RevokedAt = Make.Now, NotAfter = Make.Now.AddDays(1) });
        await Certificates.CreateAsync(Make.Certificate(zone));
        await Certificates.CreateAsync(Make.Certificate(otherZone, status: CertificateStatus.Revoked) with { RevokedAt = Make.Now });

        var crl = await Certificates.ListRevokedAsync(zone.Id, Make.Now.AddDays(1));

        Assert.Equal([earlier.Id, later.Id], crl.Select(c => c.Id));
        Assert.Equal(3, (await Certificates.ListRevokedAsync(zone.Id, Make.Now)).Count);
        Assert.Empty(await Certificates.ListRevokedAsync(zone.Id, Make.Now.AddDays(31)));
    }
}
