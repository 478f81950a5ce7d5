using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Attestation.Ias;
using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Tests.Ias;

/// <summary>
/// Every isvEnclaveQuoteStatus, end to end: bodies re-signed by a test CA that only a test-constructed verifier trusts
/// (Intel's key is not available), so the status handling after a valid signature is exercised.
/// </summary>
public sealed class IasQuoteStatusTests
{
    private static readonly Lazy<(X509Certificate2 Ca, X509Certificate2 Leaf, RSA Key)> TestPki = new(CreateTestPki);

    [Theory]
    [InlineData("OK", TcbStatuses.UpToDate)]
    [InlineData("SW_HARDENING_NEEDED", TcbStatuses.SwHardeningNeeded)]
    [InlineData("CONFIGURATION_NEEDED", TcbStatuses.ConfigurationNeeded)]
    [InlineData("CONFIGURATION_AND_SW_HARDENING_NEEDED", TcbStatuses.ConfigurationAndSwHardeningNeeded)]
    [InlineData("GROUP_OUT_OF_DATE", TcbStatuses.OutOfDate)]
    [InlineData("GROUP_REVOKED", TcbStatuses.Revoked)]
    [InlineData("SIGNATURE_REVOKED", TcbStatuses.Revoked)]
    [InlineData("KEY_REVOKED", TcbStatuses.Revoked)]
    public void Attesting_statuses_map_to_a_TCB_status_and_stay_authentic(string status, string tcbStatus)
    {
        var verdict = VerifyWithStatus(status);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(tcbStatus, verdict.TcbStatus);
        Assert.Equal(tcbStatus, IasQuoteStatus.ToTcbStatus(status));
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.IasQuoteStatus && f.Severity == FindingSeverity.Info && f.Message.Contains(status, StringComparison.Ordinal));
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.IasReportMetadata && f.Severity == FindingSeverity.Info);
    }

    [Theory]
    [InlineData("SIGNATURE_INVALID", FindingCodes.IasQuoteSignatureInvalid)]
    [InlineData("SIGRL_VERSION_MISMATCH", FindingCodes.IasSigRlVersionMismatch)]
    [InlineData("SOMETHING_NEW", FindingCodes.IasQuoteStatusUnrecognized)]
    [InlineData("ok", FindingCodes.IasQuoteStatusUnrecognized)]
    public void Statuses_that_do_not_attest_the_quote_are_errors(string status, string code)
    {
        var verdict = VerifyWithStatus(status);

        Assert.False(verdict.Verified);
        Assert.Null(verdict.TcbStatus);
        Assert.Equal([code], verdict.Errors.Select(e => e.Code).ToArray());
        Assert.NotNull(verdict.Claims);
    }

    [Fact]
    public void An_unsupported_report_version_is_refused()
    {
        var body = SampleBody().Replace("\"version\":5", "\"version\":3", StringComparison.Ordinal);

        var verdict = VerifySigned(body);

        Assert.Equal([FindingCodes.UnsupportedVersion], verdict.Errors.Select(e => e.Code).ToArray());
    }

    [Fact]
    public void A_body_with_wrongly_typed_fields_is_a_report_format_error()
    {
        var body = SampleBody().Replace("\"version\":5", "\"version\":\"5\"", StringComparison.Ordinal);

        var verdict = VerifySigned(body);

        Assert.Equal([FindingCodes.IasReportInvalid], verdict.Errors.Select(e => e.Code).ToArray());
    }

    [Fact]
    public void The_pinned_verifier_does_not_trust_the_test_CA()
    {
        var verdict = new IasReportVerifier().Verify(Bundle(SampleBody()), IasSamples.Context());

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, e => e.Code == FindingCodes.CertificateChainUntrusted);
    }

    private static string SampleBody() => Encoding.ASCII.GetString(IasSamples.Body("v5"));

    private static AttestationVerdict VerifyWithStatus(string status) =>
        VerifySigned(SampleBody().Replace("\"SW_HARDENING_NEEDED\"", $"\"{status}\"", StringComparison.Ordinal));

    private static AttestationVerdict VerifySigned(string body) =>
        new IasReportVerifier([TestPki.Value.Ca]).Verify(Bundle(body), IasSamples.Context());

    private static byte[] Bundle(string body)
    {
        var (ca, leaf, key) = TestPki.Value;
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = key.SignData(bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return IasReportBundle.Create(bytes, Convert.ToBase64String(signature), leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem());
    }

    private static (X509Certificate2, X509Certificate2, RSA) CreateTestPki()
    {
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test IAS Report Signing CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(from, from.AddYears(20));

        var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=Test IAS Report Signing", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var leaf = leafRequest.Create(ca, from, from.AddYears(10), [1, 2, 3]);
        return (X509CertificateLoader.LoadCertificate(ca.RawData), leaf, leafKey);
    }
}
