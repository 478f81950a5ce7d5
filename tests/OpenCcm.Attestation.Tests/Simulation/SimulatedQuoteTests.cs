using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>The quote's bytes read at the offsets of evidence-formats.md §2.1/§2.2, independently of any verifier.</summary>
public sealed class SimulatedQuoteTests(SimulatedPlatformFixture fixture) : IClassFixture<SimulatedPlatformFixture>
{
    [Fact]
    public void Quote_HasIntelsV3Layout()
    {
        var reportData = RandomNumberGenerator.GetBytes(64);
        var report = fixture.Platform.CreateReport(fixture.Platform.QeTargetInfo, fixture.Workload(), reportData);

        var quote = fixture.Platform.CreateQuote(report);

        Assert.Equal(3, U16(quote, 0));
        Assert.Equal(2, U16(quote, 2));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(quote.AsSpan(4)));
        Assert.Equal(fixture.Platform.QuotingEnclave.IsvSvn, U16(quote, 8));
        Assert.Equal(fixture.Platform.PceSvn, U16(quote, 10));
        Assert.Equal("939a7233f79c4ca9940a0db3957f0607", Convert.ToHexStringLower(quote.AsSpan(12, 16)));
        Assert.Equal(report.AsSpan(0, 384).ToArray(), quote[48..432]);
        Assert.Equal(reportData, quote[368..432]);
        Assert.Equal(quote.Length - 436, (int)BinaryPrimitives.ReadUInt32LittleEndian(quote.AsSpan(432)));
        Assert.Equal(fixture.Platform.AttestationPublicKey.ToArray(), quote[500..564]);
        Assert.Equal(32, U16(quote, 1012));
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), quote[1014..1046]);
        Assert.Equal(5, U16(quote, 1046));
        Assert.Equal(quote.Length - 1052, (int)BinaryPrimitives.ReadUInt32LittleEndian(quote.AsSpan(1048)));
    }

    [Fact]
    public void Quote_IsvSignature_VerifiesWithTheAttestationKey()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), [1, 2, 3]);
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = quote[500..532], Y = quote[532..564] },
        });

        Assert.True(key.VerifyData(quote.AsSpan(0, 432), quote.AsSpan(436, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        quote[100] ^= 1;
        Assert.False(key.VerifyData(quote.AsSpan(0, 432), quote.AsSpan(436, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Quote_QeReport_IsSignedByThePckKey_AndBindsTheAttestationKey()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);
        using var pckKey = fixture.Platform.PckCertificate.GetECDsaPublicKey()!;
        var qeReport = SgxReportBody.Parse(quote.AsMemory(564, 384));

        Assert.True(pckKey.VerifyData(quote.AsSpan(564, 384), quote.AsSpan(948, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(SHA256.HashData([.. quote[500..564], .. quote[1014..1046]]), qeReport.ReportData[..32].ToArray());
        Assert.All(qeReport.ReportData[32..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(fixture.Platform.QuotingEnclave.MrSigner.ToArray(), qeReport.MrSigner.ToArray());
        Assert.Equal(1, qeReport.IsvProdId);
        Assert.Equal(fixture.Platform.CpuSvn.ToArray(), qeReport.CpuSvn.ToArray());
    }

    [Fact]
    public void Quote_CertificationData_IsThePemChainLeafCaRoot()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);

        var chain = PemBundle.ReadCertificates(quote.AsSpan(1052));

        Assert.Equal(
            [fixture.Platform.PckCertificate.RawData, fixture.Platform.PckCaCertificate.RawData, fixture.Platform.RootCertificate.RawData],
            chain.Select(c => c.RawData));
    }

    [Fact]
    public void CreateQuote_RefusesAReportWithAWrongMac()
    {
        var report = fixture.Platform.CreateReport(fixture.Platform.QeTargetInfo, fixture.Workload(), []);
        foreach (var offset in new[] { 0, 64, 320, 383, 384, 416, 431 })
        {
            var tampered = (byte[])report.Clone();
            tampered[offset] ^= 1;

            Assert.Throws<CryptographicException>(() => fixture.Platform.CreateQuote(tampered));
        }
    }

    [Fact]
    public void CreateQuote_RefusesAReportForAnotherEnclave()
    {
        var report = fixture.Platform.CreateReport(fixture.Agent().TargetInfo, fixture.Workload(), []);

        Assert.Throws<CryptographicException>(() => fixture.Platform.CreateQuote(report));
        Assert.Throws<ArgumentException>(() => fixture.Platform.CreateQuote(report.AsSpan(0, 431)));
    }

    private static int U16(byte[] data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset));
}
