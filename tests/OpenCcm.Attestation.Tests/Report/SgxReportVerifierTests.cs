using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Report;

public sealed class SgxReportVerifierTests
{
    private static readonly VerificationContext Context = new() { Time = DateTimeOffset.UnixEpoch };

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(16);

    [Fact]
    public void Verify_WithTheTargetsReportKey_IsVerifiedWithBodyClaims()
    {
        var body = ReportSamples.Body();
        var report = SgxReport.CreateWithMac(body, RandomNumberGenerator.GetBytes(32), _key).ToBytes();

        var verdict = new SgxReportVerifier(_ => _key).Verify(report, Context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Empty(verdict.Findings);
        Assert.False(verdict.Simulated);
        Assert.Equal(EvidenceFormats.SgxReport, verdict.Format);
        var claims = verdict.Claims!.ToDictionary();
        Assert.Equal(Convert.ToHexStringLower(ReportSamples.MrEnclave), claims["mrenclave"]);
        Assert.Equal(Convert.ToHexStringLower(body.AsSpan(320, 64)), claims["reportData"]);
        Assert.Equal(true, claims["debug"]);
    }

    [Fact]
    public void Verify_WithoutAReportKey_IsNotVerifiable()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], _key).ToBytes();

        var verdict = new SgxReportVerifier().Verify(report, Context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.ReportMacNotVerifiable));
        Assert.NotNull(verdict.Claims);
    }

    [Fact]
    public void Verify_KeyOfWrongLength_IsNotVerifiable()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], _key).ToBytes();

        var verdict = new SgxReportVerifier(_ => new byte[32]).Verify(report, Context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.ReportMacNotVerifiable));
    }

    [Fact]
    public void Verify_FlippingAnyMacedByteOrTheMac_IsReportMacInvalid()
    {
        var original = SgxReport.CreateWithMac(ReportSamples.Body(), RandomNumberGenerator.GetBytes(32), _key).ToBytes();
        var verifier = new SgxReportVerifier(_ => _key);
        foreach (var offset in Enumerable.Range(0, SgxReportBody.Size).Concat(Enumerable.Range(SgxReport.MacOffset, SgxReport.MacSize)))
        {
            var tampered = (byte[])original.Clone();
            tampered[offset] ^= 0x80;

            var verdict = verifier.Verify(tampered, Context);

            Assert.False(verdict.Verified, $"flipped byte {offset}");
            Assert.Equal(FindingCodes.ReportMacInvalid, Assert.Single(verdict.Errors).Code);
        }
    }

    [Fact]
    public void Verify_KeyOfAnotherTarget_IsReportMacInvalid()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], _key).ToBytes();
        var otherTargetsKey = RandomNumberGenerator.GetBytes(16);

        var verdict = new SgxReportVerifier(_ => otherTargetsKey).Verify(report, Context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.ReportMacInvalid));
    }

    [Fact]
    public void Verify_TruncatedAtEveryLength_IsMalformed()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], _key).ToBytes();
        var verifier = new SgxReportVerifier(_ => _key);
        for (var length = 0; length < report.Length; length++)
        {
            var verdict = verifier.Verify(report.AsMemory(0, length), Context);

            Assert.False(verdict.Verified);
            Assert.Equal(FindingCodes.MalformedEvidence, Assert.Single(verdict.Errors).Code);
            Assert.Null(verdict.Claims);
        }
    }

    [Fact]
    public void Verify_TrailingBytes_AreRefused()
    {
        var report = SgxReport.CreateWithMac(ReportSamples.Body(), new byte[32], _key).ToBytes();

        var verdict = new SgxReportVerifier(_ => _key).Verify(report.Append((byte)0).ToArray(), Context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.TrailingData));
    }

    [Fact]
    public void LooksLike_OnlyTheExactLength()
    {
        var verifier = new SgxReportVerifier();

        Assert.True(verifier.LooksLike(new byte[432]));
        Assert.False(verifier.LooksLike(new byte[431]));
        Assert.False(verifier.LooksLike(new byte[512]));
    }
}
