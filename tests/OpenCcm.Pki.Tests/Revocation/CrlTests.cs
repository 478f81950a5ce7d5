using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Revocation;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Revocation;

public sealed class CrlTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Openssl_refuses_a_revoked_leaf_and_accepts_the_others(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        using var revoked = Issue(ca);
        using var kept = Issue(ca);
        var crl = ca.CreateCrl([new RevokedCertificate(revoked.SerialNumber, ZoneCaFixture.Start, X509RevocationReason.KeyCompromise)], crlNumber: 1);

        using var openssl = new OpenSsl();
        var caFile = openssl.Write("ca.pem", ca.CaChainPem);
        var crlFile = openssl.Write("crl.pem", crl.Pem);
        var at = ZoneCaFixture.Start.AddHours(1).ToUnixTimeSeconds().ToString();

        var (exitCode, output) = openssl.Run("verify", "-attime", at, "-crl_check", "-CAfile", caFile, "-CRLfile", crlFile, openssl.Write("revoked.pem", revoked.Pem));
        Assert.True(exitCode != 0, output);
        Assert.Contains("certificate revoked", output, StringComparison.Ordinal);
        openssl.RunOk("verify", "-attime", at, "-crl_check", "-CAfile", caFile, "-CRLfile", crlFile, openssl.Write("kept.pem", kept.Pem));
    }

    [Fact]
    public void Openssl_reads_the_der_crl_with_its_number_dates_entries_and_issuer()
    {
        var ca = fixture.Ecdsa;
        var serialA = Convert.ToHexStringLower([0x40, .. new byte[15]]);
        var crl = ca.CreateCrl(
            [new RevokedCertificate(serialA, ZoneCaFixture.Start.AddDays(-1), X509RevocationReason.CessationOfOperation), new RevokedCertificate("7f01", ZoneCaFixture.Start)],
            crlNumber: 42);

        using var openssl = new OpenSsl();
        var text = openssl.RunOk("crl", "-inform", "DER", "-in", openssl.Write("crl.der", crl.Der), "-noout", "-text");

        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*42\n", text);
        Assert.Contains($"Issuer: O = {ZoneCaFixture.Account}, OU = {ZoneCaFixture.Zone}, CN = OpenCCM Zone Issuing CA", text, StringComparison.Ordinal);
        Assert.Contains("Last Update: Mar  1 12:00:00 2026 GMT", text, StringComparison.Ordinal);
        Assert.Contains("Next Update: Mar  8 12:00:00 2026 GMT", text, StringComparison.Ordinal);
        Assert.Contains("Serial Number: " + serialA.ToUpperInvariant(), text, StringComparison.Ordinal);
        Assert.Contains("Serial Number: 7F01", text, StringComparison.Ordinal);
        Assert.Contains("Cessation Of Operation", text, StringComparison.Ordinal);
        openssl.RunOk("crl", "-inform", "DER", "-in", "crl.der", "-noout", "-CAfile", openssl.Write("ca.pem", ca.CaChainPem));
    }

    [Fact]
    public void The_attestation_librarys_crl_reader_agrees()
    {
        var ca = fixture.Ecdsa;
        using var revoked = Issue(ca);
        var crl = ca.CreateCrl([new RevokedCertificate(revoked.SerialNumber, ZoneCaFixture.Start)], crlNumber: 2, lifetime: TimeSpan.FromHours(12));

        var parsed = CertificateRevocationList.Parse(crl.Der);
        Assert.True(parsed.IsSignedBy(ca.IntermediateCertificate));
        Assert.True(parsed.IsRevoked(revoked.Certificate));
        Assert.Equal(ZoneCaFixture.Start, parsed.ThisUpdate);
        Assert.Equal(ZoneCaFixture.Start.AddHours(12), parsed.NextUpdate);
        Assert.Equal((ZoneCaFixture.Start, ZoneCaFixture.Start.AddHours(12), 1), (crl.ThisUpdate, crl.NextUpdate, crl.EntryCount));
    }

    [Fact]
    public void An_empty_crl_is_valid()
    {
        var crl = fixture.Ecdsa.CreateCrl([], crlNumber: 0);
        using var openssl = new OpenSsl();
        var text = openssl.RunOk("crl", "-in", openssl.Write("crl.pem", crl.Pem), "-noout", "-text");
        Assert.Contains("No Revoked Certificates", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")] // odd length
    [InlineData("zz")]
    [InlineData("80")] // negative
    [InlineData("0001")] // not minimal
    [InlineData("00")] // zero
    [InlineData("010203040506070809101112131415161718192021")] // 21 octets
    public void Unusable_serial_numbers_are_refused(string serial)
    {
        var error = Assert.Throws<PkiException>(() => fixture.Ecdsa.CreateCrl([new RevokedCertificate(serial, ZoneCaFixture.Start)], 1));
        Assert.Equal(PkiErrorCode.RevocationInvalid, error.Code);
    }

    [Fact]
    public void Negative_or_oversized_crl_numbers_and_non_positive_lifetimes_are_refused()
    {
        Assert.Equal(PkiErrorCode.RevocationInvalid, Assert.Throws<PkiException>(() => fixture.Ecdsa.CreateCrl([], -1)).Code);
        Assert.Equal(PkiErrorCode.RevocationInvalid, Assert.Throws<PkiException>(() => fixture.Ecdsa.CreateCrl([], BigInteger.Pow(2, 160))).Code);
        Assert.Equal(PkiErrorCode.LifetimeInvalid, Assert.Throws<PkiException>(() => fixture.Ecdsa.CreateCrl([], 1, TimeSpan.Zero)).Code);
    }

    private static IssuedCertificate Issue(ZoneCertificateAuthority ca) =>
        ca.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), new WorkloadCertificateRequest
        {
            CommonName = "app",
            DnsNames = ["app.example.com"],
            Identity = Identities.Sgx(),
        });
}
