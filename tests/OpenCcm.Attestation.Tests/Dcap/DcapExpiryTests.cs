namespace OpenCcm.Attestation.Tests.Dcap;

/// <summary>Sample A fails with the right code one second after each piece of its collateral or chain expires.</summary>
public class DcapExpiryTests
{
    [Theory]
    [InlineData("2025-09-14T04:36:47Z", FindingCodes.QeIdentityExpired)]  // QE identity nextUpdate + 1 s
    [InlineData("2025-09-14T05:08:19Z", FindingCodes.TcbInfoExpired)]     // TCB info nextUpdate + 1 s
    [InlineData("2025-09-14T05:41:27Z", FindingCodes.CrlExpired)]         // PCK CRL nextUpdate + 1 s
    [InlineData("2026-04-03T11:21:58Z", FindingCodes.CrlExpired)]         // Root CA CRL nextUpdate + 1 s
    [InlineData("2031-03-07T15:01:05Z", FindingCodes.CertificateExpired)] // PCK certificate notAfter + 1 s
    public void OneSecondAfterExpiry_TheQuoteFails_WithTheRightCode(string at, string code)
    {
        var verdict = DcapSamples.VerifyA(DcapSamples.QuoteA, DateTimeOffset.Parse(at));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Theory]
    [InlineData("2025-09-14T04:36:46Z")] // QE identity's last valid second
    [InlineData("2025-08-15T05:41:26Z")] // PCK CRL's first valid second
    public void AtTheEdgeOfValidity_TheQuoteIsAuthentic(string at)
    {
        var verdict = DcapSamples.VerifyA(DcapSamples.QuoteA, DateTimeOffset.Parse(at));

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
    }

    [Fact]
    public void BeforeTheCollateralWasIssued_ItIsNotYetValid()
    {
        // Intel's QVL accepts this (it never checks issueDate); a stricter verifier must not.
        var verdict = DcapSamples.VerifyA(DcapSamples.QuoteA, DateTimeOffset.Parse("2025-08-15T04:00:00Z"));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoNotYetValid);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.QeIdentityNotYetValid);
    }

    [Theory]
    [InlineData("quote.bin", "2020-06-17T17:49:22Z", FindingCodes.QeIdentityExpired)]  // QE identity nextUpdate + 1 s
    [InlineData("quote.bin", "2020-06-17T17:49:22Z", FindingCodes.CrlExpired)]         // Processor CA CRL nextUpdate + 1 s
    [InlineData("quote.bin", "2020-06-17T17:49:25Z", FindingCodes.TcbInfoExpired)]     // TCB info nextUpdate + 1 s
    [InlineData("quote.bin", "2027-05-18T17:49:23Z", FindingCodes.CertificateExpired)] // PCK certificate notAfter + 1 s
    [InlineData("quote.bin", "2020-05-18T17:49:21Z", FindingCodes.CertificateNotYetValid)] // one second before the PCK certificate
    [InlineData("quote_older_tcb_misordered_chain.bin", "2020-06-17T17:49:25Z", FindingCodes.TcbInfoExpired)]
    [InlineData("quote_older_tcb_misordered_chain.bin", "2027-05-05T11:10:43Z", FindingCodes.CertificateExpired)] // its PCK notAfter + 1 s
    public void SampleB_OneSecondOutsideItsValidity_FailsWithTheRightCode(string file, string at, string code)
    {
        var verdict = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.B, file), new VerificationContext { Time = DateTimeOffset.Parse(at), Collateral = DcapSamples.CollateralB });

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Fact]
    public void SampleB_AtTheLastValidSecond_IsAuthentic()
    {
        var verdict = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.B, "quote.bin"),
            new VerificationContext { Time = DateTimeOffset.Parse("2020-06-17T17:49:20Z"), Collateral = DcapSamples.CollateralB });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
    }
}
