using System.Text.Json;
using OpenCcm.Attestation.Ias;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Ias;

public sealed class IasReportVerifierSampleTests
{
    private static string Describe(AttestationVerdict verdict) => string.Join("; ", verdict.Findings);

    private static string[] ErrorCodes(AttestationVerdict verdict) => verdict.Errors.Select(e => e.Code).Distinct().ToArray();

    [Theory]
    [InlineData("v4", false)]
    [InlineData("v4", true)]
    [InlineData("v5", false)]
    [InlineData("v5", true)]
    public void Real_reports_verify_at_the_pinned_time_with_their_expected_fields(string version, bool urlEncoded)
    {
        var certificates = urlEncoded ? IasSamples.UrlEncodedCertificates : IasSamples.PemCertificates;
        var expected = IasSamples.Expected.GetProperty(version);
        var quote = expected.GetProperty("quote_body");

        var verdict = new IasReportVerifier().Verify(IasSamples.Bundle(version, certificates), IasSamples.Context());

        Assert.True(verdict.Verified, Describe(verdict));
        Assert.Equal(EvidenceFormats.IasReport, verdict.Format);
        Assert.Equal(TcbStatuses.SwHardeningNeeded, verdict.TcbStatus);
        Assert.Equal(expected.GetProperty("advisoryIDs").EnumerateArray().Select(a => a.GetString()), verdict.Advisories);
        var status = Assert.Single(verdict.Findings, f => f.Code == FindingCodes.IasQuoteStatus);
        Assert.Equal(FindingSeverity.Info, status.Severity);
        Assert.Contains(expected.GetProperty("isvEnclaveQuoteStatus").GetString()!, status.Message, StringComparison.Ordinal);

        var claims = Assert.IsType<SgxClaims>(verdict.Claims).ToDictionary();
        Assert.Equal(quote.GetProperty("mrenclave").GetString(), claims["mrenclave"]);
        Assert.Equal(quote.GetProperty("mrsigner").GetString(), claims["mrsigner"]);
        Assert.Equal(quote.GetProperty("reportdata").GetString(), claims["reportData"]);
        Assert.Equal(quote.GetProperty("cpusvn").GetString(), claims["cpuSvn"]);
        Assert.Equal(quote.GetProperty("attributes").GetString(), claims["attributes"]);
        Assert.Equal(quote.GetProperty("isvprodid").GetUInt16(), claims["isvProdId"]);
        Assert.Equal(quote.GetProperty("isvsvn").GetUInt16(), claims["isvSvn"]);
        // ATTRIBUTES.FLAGS 0x07 = INIT | DEBUG | MODE64BIT: oasis-core's test enclaves are debug builds.
        Assert.Equal(true, claims["debug"]);
    }

    [Theory]
    [InlineData("v4")]
    [InlineData("v5")]
    public void Report_body_parses_to_the_expected_fields(string version)
    {
        var expected = IasSamples.Expected.GetProperty(version);
        var quote = expected.GetProperty("quote_body");

        var report = IasReport.Parse(IasSamples.Body(version));

        Assert.Equal(expected.GetProperty("id").GetString(), report.Id);
        Assert.Equal(
            DateTimeOffset.Parse(expected.GetProperty("timestamp").GetString() + "Z", System.Globalization.CultureInfo.InvariantCulture),
            report.Timestamp);
        Assert.Equal(expected.GetProperty("version").GetInt32(), report.Version);
        Assert.Equal(expected.GetProperty("isvEnclaveQuoteStatus").GetString(), report.IsvEnclaveQuoteStatus);
        var nonce = expected.GetProperty("nonce");
        Assert.Equal(nonce.ValueKind == JsonValueKind.Null ? null : nonce.GetString(), report.Nonce);
        Assert.Equal(expected.GetProperty("has_epidPseudonym").GetBoolean(), report.EpidPseudonym is not null);
        Assert.Equal(expected.GetProperty("has_platformInfoBlob").GetBoolean(), report.PlatformInfoBlob is not null);
        Assert.Equal(quote.GetProperty("version").GetUInt16(), report.QuoteBody.Version);
        Assert.Equal(quote.GetProperty("sign_type").GetUInt16(), report.QuoteBody.SignType);
        Assert.Equal(quote.GetProperty("epid_group_id").GetString(), Convert.ToHexStringLower(report.QuoteBody.EpidGroupId));
        Assert.Equal(quote.GetProperty("qe_svn").GetUInt16(), report.QuoteBody.QeSvn);
        Assert.Equal(quote.GetProperty("pce_svn").GetUInt16(), report.QuoteBody.PceSvn);
        Assert.Equal(quote.GetProperty("basename").GetString(), Convert.ToHexStringLower(report.QuoteBody.Basename));
        Assert.Equal(quote.GetProperty("mrenclave").GetString(), Convert.ToHexStringLower(report.QuoteBody.ReportBody.MrEnclave));
        Assert.Equal(version == "v5" ? 16 : null, report.TcbEvaluationDataNumber);
    }

    [Fact]
    public void Signing_certificate_comes_from_the_certificate_chain_or_the_collateral_when_the_bundle_has_none()
    {
        var certificates = PemBundle.ReadCertificates(System.Text.Encoding.ASCII.GetBytes(IasSamples.PemCertificates));
        var bundle = IasSamples.Bundle("v5", null);
        var verifier = new IasReportVerifier();

        var fromChain = verifier.Verify(bundle, new VerificationContext { Time = IasSamples.PinnedTime, CertificateChain = certificates });
        var collateral = new CollateralSet.Builder().AddCertificate(certificates[1]).AddCertificate(certificates[0]).Build();
        var fromCollateral = verifier.Verify(bundle, new VerificationContext { Time = IasSamples.PinnedTime, Collateral = collateral });
        var leafOnly = verifier.Verify(bundle, new VerificationContext { Time = IasSamples.PinnedTime, CertificateChain = [certificates[0]] });
        var none = verifier.Verify(bundle, IasSamples.Context());

        Assert.True(fromChain.Verified, Describe(fromChain));
        Assert.True(fromCollateral.Verified, Describe(fromCollateral));
        Assert.True(leafOnly.Verified, Describe(leafOnly));
        Assert.False(none.Verified);
        Assert.Equal([FindingCodes.IasSigningCertificateMissing], ErrorCodes(none));
        Assert.NotNull(none.Claims); // Still parsed for diagnostics.
    }

    [Fact]
    public void One_second_after_the_signing_certificate_expires_is_CertificateExpired()
    {
        var verifier = new IasReportVerifier();

        var last = verifier.Verify(IasSamples.Bundle("v5"), IasSamples.Context(IasSamples.SigningCertificateNotAfter.AddSeconds(-1)));
        var expired = verifier.Verify(IasSamples.Bundle("v5"), IasSamples.Context(IasSamples.SigningCertificateNotAfter.AddSeconds(1)));

        Assert.True(last.Verified, Describe(last));
        Assert.False(expired.Verified);
        Assert.Equal([FindingCodes.CertificateExpired], ErrorCodes(expired));
    }

    [Fact]
    public void Before_the_signing_certificate_is_valid_is_CertificateNotYetValid()
    {
        var verdict = new IasReportVerifier().Verify(IasSamples.Bundle("v4"), IasSamples.Context(new DateTimeOffset(2016, 11, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal([FindingCodes.CertificateNotYetValid], ErrorCodes(verdict));
    }

    [Fact]
    public void A_chain_to_another_root_is_untrusted()
    {
        var sgxRoot = IntelTrustRoots.SgxRootCas[0].ExportCertificatePem();

        var verdict = new IasReportVerifier().Verify(IasSamples.Bundle("v5", sgxRoot), IasSamples.Context());

        Assert.False(verdict.Verified);
        Assert.Contains(FindingCodes.CertificateChainUntrusted, ErrorCodes(verdict));
        Assert.Contains(FindingCodes.SignatureInvalid, ErrorCodes(verdict)); // An EC root has no RSA key for the body.
    }

    [Fact]
    public void The_CA_alone_does_not_sign_reports()
    {
        var verdict = new IasReportVerifier().Verify(IasSamples.Bundle("v5", IntelTrustRoots.IasReportSigningCa.ExportCertificatePem()), IasSamples.Context());

        Assert.Equal([FindingCodes.SignatureInvalid], ErrorCodes(verdict));
    }

    [Fact]
    public void Reports_do_not_cross_verify_with_each_others_signatures()
    {
        var bytes = IasReportBundle.Create(IasSamples.Body("v4"), IasSamples.Signature("v5"), IasSamples.UrlEncodedCertificates);

        var verdict = new IasReportVerifier().Verify(bytes, IasSamples.Context());

        Assert.Equal([FindingCodes.SignatureInvalid], ErrorCodes(verdict));
    }

    [Fact]
    public void LooksLike_recognises_bundles_only()
    {
        var verifier = new IasReportVerifier();

        Assert.True(verifier.LooksLike(IasSamples.Bundle("v4")));
        Assert.False(verifier.LooksLike(IasSamples.Body("v4")));
        Assert.False(verifier.LooksLike(TestData.Bytes("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin")));
        Assert.False(verifier.LooksLike([]));
    }
}
