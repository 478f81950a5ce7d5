using System.Text;
using OpenCcm.Attestation.Ias;

namespace OpenCcm.Attestation.Tests.Ias;

public sealed class IasReportTamperTests
{
    private static string[] ErrorCodes(AttestationVerdict verdict) => verdict.Errors.Select(e => e.Code).Distinct().ToArray();

    private static AttestationVerdict Verify(byte[] evidence) => new IasReportVerifier().Verify(evidence, IasSamples.Context());

    [Fact]
    public void Flipping_any_body_byte_invalidates_the_signature()
    {
        var body = IasSamples.Body("v5");
        for (var i = 0; i < body.Length; i++)
        {
            var copy = (byte[])body.Clone();
            copy[i] ^= 0x01;
            var verdict = Verify(IasReportBundle.Create(copy, IasSamples.Signature("v5"), IasSamples.UrlEncodedCertificates));

            Assert.False(verdict.Verified);
            Assert.Contains(FindingCodes.SignatureInvalid, ErrorCodes(verdict));
        }
    }

    [Fact]
    public void A_tampered_report_still_shows_what_it_claims_but_is_not_authentic()
    {
        var body = Encoding.ASCII.GetString(IasSamples.Body("v4")).Replace("SW_HARDENING_NEEDED", "OK", StringComparison.Ordinal);

        var verdict = Verify(IasReportBundle.Create(Encoding.ASCII.GetBytes(body), IasSamples.Signature("v4"), IasSamples.UrlEncodedCertificates));

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.SignatureInvalid], ErrorCodes(verdict));
    }

    [Fact]
    public void Flipping_a_signature_byte_invalidates_it()
    {
        var signature = Convert.FromBase64String(IasSamples.Signature("v4"));
        foreach (var i in new[] { 0, 100, signature.Length - 1 })
        {
            var copy = (byte[])signature.Clone();
            copy[i] ^= 0x80;
            var verdict = Verify(IasReportBundle.Create(IasSamples.Body("v4"), Convert.ToBase64String(copy), IasSamples.UrlEncodedCertificates));

            Assert.Equal([FindingCodes.SignatureInvalid], ErrorCodes(verdict));
        }
    }

    [Fact]
    public void A_truncated_signature_is_invalid()
    {
        var signature = Convert.FromBase64String(IasSamples.Signature("v4"));

        var verdict = Verify(IasReportBundle.Create(IasSamples.Body("v4"), Convert.ToBase64String(signature[..^1]), IasSamples.UrlEncodedCertificates));

        Assert.Equal([FindingCodes.SignatureInvalid], ErrorCodes(verdict));
    }

    [Fact]
    public void Every_truncation_of_the_bundle_is_a_format_error_and_never_throws()
    {
        var bundle = IasSamples.Bundle("v4", IasSamples.PemCertificates);
        var verifier = new IasReportVerifier();
        for (var length = 0; length < bundle.Length; length++)
        {
            var verdict = verifier.Verify(bundle.AsMemory(0, length), IasSamples.Context());

            Assert.False(verdict.Verified);
            Assert.Equal(FindingCodes.MalformedEvidence, verdict.Errors.First().Code);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"body\": 1, \"signature\": \"AAAA\"}")]
    [InlineData("{\"body\": \"{}\"}")]
    [InlineData("{\"body\": \"{}\", \"signature\": \"not base64!\"}")]
    [InlineData("{\"body\": \"{}\", \"signature\": \"\"}")]
    [InlineData("{\"body\": \"{}\", \"signature\": \"AAAA\", \"certificates\": 5}")]
    [InlineData("{\"body\": \"{}\", \"signature\": \"AAAA\", \"body\": \"{}\"}")]
    [InlineData("{\"body\": \"\\ud800\", \"signature\": \"AAAA\"}")]
    public void Malformed_bundles_are_format_errors(string json)
    {
        var verdict = Verify(Encoding.UTF8.GetBytes(json));

        Assert.Equal([FindingCodes.MalformedEvidence], ErrorCodes(verdict));
        Assert.Null(verdict.Claims);
    }

    [Fact]
    public void Malformed_certificates_are_a_format_error()
    {
        var verdict = Verify(IasSamples.Bundle("v4", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.CertificationDataInvalid], ErrorCodes(verdict));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"id\":\"1\",\"timestamp\":\"2020-05-11T09:21:15.454051\",\"version\":4,\"isvEnclaveQuoteStatus\":\"OK\",\"isvEnclaveQuoteBody\":\"!!!\"}")]
    [InlineData("{\"id\":\"1\",\"timestamp\":\"2020-05-11T09:21:15.454051\",\"version\":4,\"isvEnclaveQuoteStatus\":\"OK\",\"isvEnclaveQuoteBody\":\"AAAA\"}")]
    public void A_malformed_body_is_a_report_format_error(string body)
    {
        var verdict = Verify(IasReportBundle.Create(Encoding.UTF8.GetBytes(body), IasSamples.Signature("v4"), IasSamples.UrlEncodedCertificates));

        Assert.False(verdict.Verified);
        Assert.Contains(FindingCodes.IasReportInvalid, ErrorCodes(verdict));
        Assert.Null(verdict.Claims);
    }

    [Fact]
    public void Create_refuses_a_body_that_is_not_UTF8_and_a_signature_that_is_not_base64()
    {
        Assert.Throws<ArgumentException>(() => IasReportBundle.Create([0xFF, 0xFE], IasSamples.Signature("v4"), null));
        Assert.Throws<ArgumentException>(() => IasReportBundle.Create(IasSamples.Body("v4"), "%%%", null));
    }

    [Fact]
    public void Create_then_Parse_keeps_the_exact_body_bytes()
    {
        var body = IasSamples.Body("v4");

        var bundle = IasReportBundle.Parse(IasSamples.Bundle("v4"));

        Assert.Equal(body, bundle.Body);
        Assert.Equal(Convert.FromBase64String(IasSamples.Signature("v4")), bundle.Signature);
        Assert.Equal(IasSamples.UrlEncodedCertificates, bundle.Certificates);
    }
}
