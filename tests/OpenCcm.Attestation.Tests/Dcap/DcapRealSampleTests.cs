using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Dcap;

public class DcapRealSampleTests
{
    [Fact]
    public void SampleA_IsAuthentic_WithSwHardeningNeeded_AndExpectedClaims()
    {
        var verdict = DcapSamples.VerifyA(DcapSamples.QuoteA);

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.False(verdict.Simulated);
        Assert.Equal(TcbStatuses.SwHardeningNeeded, verdict.TcbStatus);
        Assert.Contains("INTEL-SA-00615", verdict.Advisories);
        Assert.DoesNotContain(verdict.Findings, f => f.Code == FindingCodes.RevocationNotChecked);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.QeTcbStatus && f.Message.Contains("UpToDate", StringComparison.Ordinal));

        var report = DcapSamples.Expected(DcapSamples.A).GetProperty("quote").GetProperty("report");
        var claims = Assert.IsType<SgxClaims>(verdict.Claims).ToDictionary();
        Assert.Equal(report.GetProperty("mrenclave").GetString(), claims["mrenclave"]);
        Assert.Equal(report.GetProperty("mrsigner").GetString(), claims["mrsigner"]);
        Assert.Equal(report.GetProperty("reportdata").GetString(), claims["reportData"]);
        Assert.Equal(report.GetProperty("cpusvn").GetString(), claims["cpuSvn"]);
        Assert.Equal(report.GetProperty("attributes").GetString(), claims["attributes"]);
        Assert.Equal((ushort)report.GetProperty("isvprodid").GetInt32(), claims["isvProdId"]);
        Assert.Equal((ushort)report.GetProperty("isvsvn").GetInt32(), claims["isvSvn"]);
        Assert.Equal(false, claims["debug"]);
    }

    [Fact]
    public void SampleB_IsAuthentic_AndSaysRootRevocationWasNotChecked()
    {
        var verdict = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.B, "quote.bin"),
            new VerificationContext { Time = DcapSamples.BTime, Collateral = DcapSamples.CollateralB });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.SwHardeningNeeded, verdict.TcbStatus);
        // No Root CA CRL covers 2020: the verdict must say so rather than stay silent.
        var warning = Assert.Single(verdict.Findings, f => f.Code == FindingCodes.RevocationNotChecked);
        Assert.Contains("Intel SGX Root CA", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleB_OlderQuote_WithMisorderedChain_IsAuthentic_AndOutOfDate()
    {
        var verdict = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.B, "quote_older_tcb_misordered_chain.bin"),
            new VerificationContext { Time = DcapSamples.BTime, Collateral = DcapSamples.CollateralB });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.OutOfDate, verdict.TcbStatus);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.QeTcbStatus && f.Message.Contains("OutOfDate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oasis_quote_v3_eppid.bin", "9479d8eddfd7b1b700319419551dc340f688c2ef519a5e18657ecf32981dbd9e")]
    [InlineData("fortanix_quote_raw_tcb.bin", "d40c35b716c9ef1715d26100bb5e152d5045543017dacfcb492697028985cb7c")]
    public void CertificationDataType3_CannotBeVerifiedOffline_WithASpecificReason(string file, string mrenclave)
    {
        var verdict = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.E, file), new VerificationContext { Time = DcapSamples.ATime, Collateral = DcapSamples.CollateralA });

        Assert.False(verdict.Verified);
        var error = Assert.Single(verdict.Errors);
        Assert.Equal(FindingCodes.PckCertificateRequired, error.Code);
        Assert.Equal(mrenclave, verdict.Claims!.ToDictionary()["mrenclave"]);
    }

    [Fact]
    public void WithoutCollateral_TheQuoteIsNotAuthentic_AndSaysWhatIsMissing()
    {
        var verdict = DcapSamples.Verifier.Verify(DcapSamples.QuoteA, new VerificationContext { Time = DcapSamples.ATime });

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoMissing);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.QeIdentityMissing);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.RevocationNotChecked);
    }
}
