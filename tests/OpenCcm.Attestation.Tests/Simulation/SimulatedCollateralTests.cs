using System.Buffers.Binary;
using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Tests.Simulation;

public sealed class SimulatedCollateralTests(SimulatedPlatformFixture fixture) : IClassFixture<SimulatedPlatformFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WrittenCollateral_IsRecognisedByContent()
    {
        using var directory = new TemporaryDirectory();
        fixture.Platform.WriteCollateral(directory.Path, Now);

        var set = CollateralSet.LoadDirectories([directory.Path]);

        Assert.Empty(set.Ignored);
        Assert.Single(set.TcbInfos);
        Assert.Single(set.EnclaveIdentities);
        Assert.Equal(2, set.Crls.Count);
        Assert.Contains(set.Certificates, c => c.RawData.AsSpan().SequenceEqual(fixture.Platform.RootCertificate.RawData));
        Assert.Contains(set.Certificates, c => c.RawData.AsSpan().SequenceEqual(fixture.Platform.TcbSigningCertificate.RawData));
        Assert.Contains(set.Certificates, c => c.RawData.AsSpan().SequenceEqual(fixture.Platform.PckCaCertificate.RawData));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
    }

    [Fact]
    public void TcbInfo_IsSignedOverItsExactBytes_AndRatesThePlatformUpToDate()
    {
        var collateral = fixture.Platform.CreateCollateral(Now).ToCollateralSet();
        var signed = Assert.Single(collateral.TcbInfos);
        var info = signed.Value;

        Assert.True(signed.IsSignedBy(fixture.Platform.TcbSigningCertificate));
        Assert.False(signed.IsSignedBy(fixture.Platform.PckCertificate));
        Assert.Equal(("SGX", 3, 0), (info.Id, info.Version, info.TcbType));
        Assert.Equal(Now.AddHours(-1), info.IssueDate);
        Assert.Equal(Now.AddDays(30), info.NextUpdate);
        Assert.Equal(fixture.Platform.Fmspc.ToArray(), info.Fmspc);
        Assert.Equal(fixture.Platform.PceId.ToArray(), info.PceId);

        // §4.4: the first level whose components and PCESVN the PCK TCB reaches.
        var cpuSvn = fixture.Platform.CpuSvn.ToArray();
        var match = info.TcbLevels.First(l => l.SgxComponents.Zip(cpuSvn).All(p => p.Second >= p.First) && fixture.Platform.PceSvn >= l.PceSvn);
        Assert.Equal(TcbStatuses.UpToDate, match.TcbStatus);
        Assert.Equal(TcbStatuses.OutOfDate, info.TcbLevels[^1].TcbStatus);
    }

    [Fact]
    public void TcbInfo_TamperedText_NoLongerVerifies()
    {
        var json = fixture.Platform.CreateCollateral(Now).TcbInfoJson;
        var text = System.Text.Encoding.ASCII.GetString(json).Replace("\"tcbType\":0", "\"tcbType\":1", StringComparison.Ordinal);

        var tampered = IntelCollateralParser.TryParseTcbInfo(System.Text.Encoding.ASCII.GetBytes(text), "tampered")!;

        Assert.False(tampered.IsSignedBy(fixture.Platform.TcbSigningCertificate));
    }

    [Fact]
    public void QeIdentity_IsSigned_AndMatchesTheQuotingEnclave()
    {
        var signed = Assert.Single(fixture.Platform.CreateCollateral(Now).ToCollateralSet().EnclaveIdentities);
        var identity = signed.Value;
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);
        var qeReport = Sgx.SgxReportBody.Parse(quote.AsMemory(564, 384));

        Assert.True(signed.IsSignedBy(fixture.Platform.TcbSigningCertificate));
        Assert.Equal(("QE", 2), (identity.Id, identity.Version));

        // §4.3: masked MISCSELECT and ATTRIBUTES, MRSIGNER, ISVPRODID; then the first level with isvsvn <= QE ISVSVN.
        Span<byte> misc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(misc, qeReport.MiscSelect);
        Assert.Equal(identity.MiscSelect, Masked(misc.ToArray(), identity.MiscSelectMask));
        Assert.Equal(identity.Attributes, Masked(qeReport.Attributes.ToArray(), identity.AttributesMask));
        Assert.Equal(identity.MrSigner, qeReport.MrSigner.ToArray());
        Assert.Equal(identity.IsvProdId, qeReport.IsvProdId);
        Assert.Equal(TcbStatuses.UpToDate, identity.TcbLevels.First(l => l.IsvSvn <= qeReport.IsvSvn).TcbStatus);
    }

    [Fact]
    public void Crls_AreSignedByTheirIssuers_AndCurrent()
    {
        var set = fixture.Platform.CreateCollateral(Now).ToCollateralSet();
        var pckCrl = Assert.Single(set.Crls, c => c.Issuer.RawData.AsSpan().SequenceEqual(fixture.Platform.PckCaCertificate.SubjectName.RawData));
        var rootCrl = Assert.Single(set.Crls, c => c.Issuer.RawData.AsSpan().SequenceEqual(fixture.Platform.RootCertificate.SubjectName.RawData));

        Assert.True(pckCrl.IsSignedBy(fixture.Platform.PckCaCertificate));
        Assert.True(rootCrl.IsSignedBy(fixture.Platform.RootCertificate));
        Assert.True(pckCrl.IsValidAt(Now));
        Assert.False(pckCrl.IsValidAt(Now.AddDays(31)));
        Assert.False(pckCrl.IsRevoked(fixture.Platform.PckCertificate));
        Assert.False(rootCrl.IsRevoked(fixture.Platform.PckCaCertificate));
    }

    private static byte[] Masked(byte[] value, byte[] mask) => value.Zip(mask, (v, m) => (byte)(v & m)).ToArray();
}
