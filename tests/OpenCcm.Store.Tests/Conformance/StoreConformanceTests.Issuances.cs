using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Issuance_Append_WritesCertificatesTasksAndChainedAuditEntriesTogether()
    {
        var zone = await NewZoneAsync();
        var before = await Audit.AppendAsync(Make.Draft(zone.AccountId));
        var records = Enumerable.Range(0, 3).Select(_ => Record(zone)).ToArray();

        var entries = await Issuances.AppendAsync(records);

        Assert.Equal([before.Sequence + 1, before.Sequence + 2, before.Sequence + 3], entries.Select(e => e.Sequence));
        Assert.Equal(before.Hash, entries[0].PreviousHash);
        Assert.True(AuditChainVerifier.Verify(entries, new AuditChainAnchor(before.Sequence, before.Hash)).IsIntact);
        Make.Same(entries[^1], await Audit.GetHeadAsync());
        foreach (var record in records)
        {
            Assert.Equal(1, (await Certificates.GetAsync(record.Certificate.Id))!.Version);
            Assert.Equal(record.Certificate.Id, (await Tasks.GetAsync(record.Task.Id))!.EntityId);
        }
    }

    [Fact]
    public async Task Issuance_Append_StoresEveryFieldAsWritten()
    {
        var zone = await NewZoneAsync();
        var node = await Nodes.CreateAsync(Make.Node(zone));
        var app = await Apps.CreateAsync(Make.App(zone.AccountId));
        var build = await Builds.CreateAsync(Make.SgxBuild(app));
        // One certificate with every optional column set, one with every optional column empty (NULL).
        var full = Make.Certificate(zone, node.Id) with
        {
            AppId = app.Id, BuildId = build.Id, DnsNames = ["a.example.test", "b.example.test"], RevokedAt = Make.Now.AddMinutes(1),
            Reason = "keyCompromise", Status = CertificateStatus.Revoked,
        };
        var empty = Make.Certificate(zone) with
        {
            SubjectName = null, DnsNames = [], CsrPem = null, CertificatePem = null, NotBefore = null, NotAfter = null, Simulated = false,
        };
        var records = new[] { full, empty }.Select(c => new IssuanceRecord(c, Make.Task(zone.AccountId, c.Id, approvalsRequired: 2), Make.Draft(null, "certificate.issue"))).ToArray();

        var entries = await Issuances.AppendAsync(records);

        foreach (var record in records)
        {
            Make.Same(record.Certificate with { Version = 1 }, await Certificates.GetAsync(record.Certificate.Id));
            Make.Same(record.Task with { Version = 1 }, await Tasks.GetAsync(record.Task.Id));
        }

        foreach (var entry in entries)
        {
            Make.Same(entry, await Audit.GetAsync(entry.Sequence));
        }
    }

    [Fact]
    public async Task Issuance_Append_WritesNothingWhenOneRecordIsBad()
    {
        var zone = await NewZoneAsync();
        var existing = await Certificates.CreateAsync(Make.Certificate(zone));
        var head = await Audit.AppendAsync(Make.Draft(zone.AccountId));
        var good = Record(zone);
        var duplicate = Record(zone);
        duplicate = duplicate with { Certificate = duplicate.Certificate with { Serial = existing.Serial } };

        await Assert.ThrowsAsync<DuplicateException>(async () => await Issuances.AppendAsync([good, duplicate]));

        Assert.Null(await Certificates.GetAsync(good.Certificate.Id));
        Assert.Null(await Tasks.GetAsync(good.Task.Id));
        Make.Same(head, await Audit.GetHeadAsync());
        var retried = await Issuances.AppendAsync([good]); // the store is usable afterwards, the chain continues
        Assert.Equal(head.Sequence + 1, retried[0].Sequence);
    }

    private static IssuanceRecord Record(Core.Models.Zone zone)
    {
        var certificate = Make.Certificate(zone);
        return new IssuanceRecord(certificate, Make.Task(zone.AccountId, certificate.Id), Make.Draft(zone.AccountId, "certificate.issue"));
    }
}
