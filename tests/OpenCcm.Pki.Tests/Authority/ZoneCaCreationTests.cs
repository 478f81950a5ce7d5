using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Authority;

public sealed class ZoneCaCreationTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa, "1.3.132.0.34", 384, "1.2.840.10045.3.1.7", 256)]
    [InlineData(CaKeyAlgorithm.Rsa, null, 3072, null, 3072)]
    public void Root_and_intermediate_have_the_requested_keys(CaKeyAlgorithm algorithm, string? rootCurve, int rootSize, string? intermediateCurve, int intermediateSize)
    {
        var ca = fixture.For(algorithm);
        Assert.Equal(algorithm, ca.KeyAlgorithm);
        AssertKey(ca.RootCertificate, rootCurve, rootSize);
        AssertKey(ca.IntermediateCertificate, intermediateCurve, intermediateSize);
    }

    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Ca_certificates_carry_the_zone_constraints_and_names(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        var root = ca.RootCertificate;
        var intermediate = ca.IntermediateCertificate;

        Assert.Equal($"CN=OpenCCM Zone Root, OU={ZoneCaFixture.Zone}, O={ZoneCaFixture.Account}", root.Subject);
        Assert.Equal(root.Subject, root.Issuer);
        Assert.Equal($"CN=OpenCCM Zone Issuing CA, OU={ZoneCaFixture.Zone}, O={ZoneCaFixture.Account}", intermediate.Subject);
        Assert.Equal(root.Subject, intermediate.Issuer);
        Assert.Equal((ZoneCaFixture.Account, ZoneCaFixture.Zone), (ca.AccountId, ca.ZoneId));

        AssertCaExtensions(root, pathLength: 1);
        AssertCaExtensions(intermediate, pathLength: 0);
        var rootKeyId = root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.True(rootKeyId.Span.SequenceEqual(AuthorityKeyId(intermediate).Span));
        Assert.True(rootKeyId.Span.SequenceEqual(AuthorityKeyId(root).Span));
    }

    [Fact]
    public void Validity_is_ten_years_for_the_root_and_five_for_the_intermediate_backdated_one_minute()
    {
        var ca = fixture.Ecdsa;
        var notBefore = ZoneCaFixture.Start.AddMinutes(-1);
        Assert.Equal(notBefore, new DateTimeOffset(ca.RootCertificate.NotBefore));
        Assert.Equal(notBefore.AddDays(3653), new DateTimeOffset(ca.RootCertificate.NotAfter));
        Assert.Equal(notBefore, new DateTimeOffset(ca.IntermediateCertificate.NotBefore));
        Assert.Equal(notBefore.AddDays(1826), new DateTimeOffset(ca.IntermediateCertificate.NotAfter));
    }

    [Fact]
    public void Intermediate_lifetime_is_capped_at_the_root()
    {
        var options = new ZoneCaOptions { RootLifetime = TimeSpan.FromDays(10), IntermediateLifetime = TimeSpan.FromDays(20) };
        using var ca = ZoneCertificateAuthority.Create("a", "z", options, fixture.Clock);
        Assert.Equal(ca.RootCertificate.NotAfter, ca.IntermediateCertificate.NotAfter);
    }

    [Fact]
    public void Serial_numbers_are_sixteen_positive_random_bytes()
    {
        var serials = new[] { fixture.Ecdsa.RootCertificate, fixture.Ecdsa.IntermediateCertificate, fixture.Rsa.RootCertificate }
            .Select(c => c.SerialNumberBytes.ToArray()).ToList();
        Assert.All(serials, s => Assert.Equal(16, s.Length));
        Assert.All(serials, s => Assert.Equal(0x40, s[0] & 0xC0));
        Assert.Equal(serials.Count, serials.Select(Convert.ToHexString).Distinct().Count());
    }

    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Openssl_parses_the_certificates_and_verifies_the_chain(CaKeyAlgorithm algorithm)
    {
        var ca = fixture.For(algorithm);
        using var openssl = new OpenSsl();
        var root = openssl.Write("root.pem", ca.RootPem);
        var intermediate = openssl.Write("intermediate.pem", ca.IntermediateCertificate.ExportCertificatePem());

        var text = openssl.RunOk("x509", "-in", root, "-noout", "-text");
        Assert.Contains($"Subject: O = {ZoneCaFixture.Account}, OU = {ZoneCaFixture.Zone}, CN = OpenCCM Zone Root", text, StringComparison.Ordinal);
        Assert.Contains("CA:TRUE, pathlen:1", text, StringComparison.Ordinal);
        Assert.Contains("Certificate Sign, CRL Sign", text, StringComparison.Ordinal);
        Assert.Contains(algorithm == CaKeyAlgorithm.Rsa ? "(3072 bit)" : "NIST CURVE: P-384", text, StringComparison.Ordinal);
        Assert.Contains("CA:TRUE, pathlen:0", openssl.RunOk("x509", "-in", intermediate, "-noout", "-text"), StringComparison.Ordinal);

        var output = openssl.RunOk("verify", "-attime", ZoneCaFixture.Start.ToUnixTimeSeconds().ToString(), "-x509_strict", "-CAfile", root, intermediate);
        Assert.Contains("OK", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("bad\nid")]
    public void Unusable_account_or_zone_ids_are_refused(string id)
    {
        Assert.Equal(PkiErrorCode.NameNotAllowed, Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Create(id, "zone")).Code);
        Assert.Equal(PkiErrorCode.NameNotAllowed, Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Create("account", id)).Code);
    }

    [Fact]
    public void Ids_with_name_syntax_characters_survive_encoding_and_loading()
    {
        using var ca = ZoneCertificateAuthority.Create("acme, \"inc\"=+;", "zone/1 <eu>", timeProvider: fixture.Clock);
        using var loaded = ZoneCertificateAuthority.Load(ca.RootCertificate.RawData, ca.IntermediateCertificate.RawData, ca.ExportIntermediatePrivateKey());
        Assert.Equal(("acme, \"inc\"=+;", "zone/1 <eu>"), (loaded.AccountId, loaded.ZoneId));
    }

    [Fact]
    public void Non_positive_lifetimes_are_refused()
    {
        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Create("a", "z", new ZoneCaOptions { RootLifetime = TimeSpan.Zero }));
        Assert.Equal(PkiErrorCode.LifetimeInvalid, error.Code);
    }

    private static void AssertKey(X509Certificate2 certificate, string? curve, int size)
    {
        if (curve is null)
        {
            using var rsa = certificate.GetRSAPublicKey();
            Assert.Equal(size, rsa!.KeySize);
            return;
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        Assert.Equal(size, ecdsa!.KeySize);
        Assert.Equal(curve, ecdsa.ExportParameters(false).Curve.Oid.Value);
    }

    private static void AssertCaExtensions(X509Certificate2 certificate, int pathLength)
    {
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.Critical);
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(pathLength, constraints.PathLengthConstraint);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
    }

    private static ReadOnlyMemory<byte> AuthorityKeyId(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier
        ?? throw new CryptographicException("no key identifier");
}
