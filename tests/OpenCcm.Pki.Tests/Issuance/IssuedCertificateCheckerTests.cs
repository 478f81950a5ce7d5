using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

/// <summary>The post-signing check must refuse any certificate that differs from its plan in what it asserts, in both modes.</summary>
public sealed class IssuedCertificateCheckerTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    public static TheoryData<IssuedCertificateCheck> Modes => [IssuedCertificateCheck.Contents, IssuedCertificateCheck.IssuerSignature, IssuedCertificateCheck.FullChain];

    public static TheoryData<IssuedCertificateCheck> SignatureModes => [IssuedCertificateCheck.IssuerSignature, IssuedCertificateCheck.FullChain];

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_plan_the_certificate_was_signed_for_passes(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        Check(certificate, plan, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void One_more_or_one_fewer_name_fails(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { DnsNames = [.. plan.DnsNames, "more.example.com"] }, mode);
        AssertRefused(certificate, plan with { DnsNames = plan.DnsNames.Take(1).ToList() }, mode);
        AssertRefused(certificate, plan with { DnsNames = [] }, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Another_identity_fails(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { Identity = plan.Identity with { Simulated = !plan.Identity.Simulated } }, mode);
        AssertRefused(certificate, plan with { Identity = plan.Identity with { Subject = IdentitySubject.Node } }, mode);
        AssertRefused(certificate, plan with { Identity = plan.Identity with { SecurityVersion = 4 } }, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Another_key_name_validity_or_serial_fails(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { Csr = CsrVerifier.Verify(Csrs.NewP256()) }, mode);
        AssertRefused(certificate, plan with { CommonName = "other" }, mode);
        AssertRefused(certificate, plan with { NotAfter = plan.NotAfter.AddSeconds(1) }, mode);
        AssertRefused(certificate, plan with { SerialNumber = new byte[16] }, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_certificate_of_another_zone_ca_with_the_same_names_fails(IssuedCertificateCheck mode)
    {
        using var other = ZoneCertificateAuthority.Create(ZoneCaFixture.Account, ZoneCaFixture.Zone, timeProvider: fixture.Clock);
        var (certificate, plan) = Sign(other);
        AssertRefused(certificate, plan, mode);
    }

    [Theory]
    [MemberData(nameof(SignatureModes))]
    public void A_certificate_naming_our_intermediate_but_signed_by_another_key_fails(IssuedCertificateCheck mode)
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, plan) = Sign(fixture.Ecdsa);
        // Issuer name and authority key id are our intermediate's; only the signature is not.
        var forged = LeafCertificateSigner.Sign(
            plan, new LeafIssuer(fixture.Ecdsa.IntermediateCertificate, X509SignatureGenerator.CreateForECDsa(forger), HashAlgorithmName.SHA256));
        AssertRefused(forged, plan, mode);
    }

    [Fact]
    public void The_contents_mode_does_not_look_at_the_signature()
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        var badSignature = (byte[])certificate.Clone();
        badSignature[^1] ^= 1; // the last byte is inside the signature BIT STRING
        Check(badSignature, plan, IssuedCertificateCheck.Contents);
        AssertRefused(badSignature, plan, IssuedCertificateCheck.IssuerSignature);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Another_key_usage_or_extended_key_usage_fails(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { ExtendedKeyUsages = [LeafPlan.ClientAuthOid] }, mode);
        AssertRefused(certificate, plan with { Csr = CsrVerifier.Verify(Csrs.Rsa(System.Security.Cryptography.RSA.Create(2048))) }, mode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_byte_of_the_TBSCertificate_is_covered(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        var tbsEnd = new System.Formats.Asn1.AsnReader(certificate, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence().ReadEncodedValue().Length + 4;
        for (var i = 0; i < tbsEnd; i++)
        {
            var changed = (byte[])certificate.Clone();
            changed[i] ^= 0x01;
            AssertRefused(changed, plan, mode);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Bytes_that_are_not_a_DER_certificate_fail(IssuedCertificateCheck mode)
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate[..^1], plan, mode);
        AssertRefused([.. certificate, 0], plan, mode);
        var flipped = (byte[])certificate.Clone();
        flipped[certificate.Length / 2] ^= 1; // inside the TBSCertificate: a field differs or the signature fails
        AssertRefused(flipped, plan, mode);
    }

    /// <summary>Signs a leaf the way the CA does, but keeps the plan so the test can alter what it is checked against.</summary>
    private static (byte[], LeafPlan) Sign(ZoneCertificateAuthority ca)
    {
        var plan = LeafPlan.ForWorkload(
            CsrVerifier.Verify(Csrs.NewP256()),
            new WorkloadCertificateRequest { CommonName = "app", DnsNames = ["a.example.com", "b.example.com"], Identity = Identities.Sgx() },
            ca.Options, ZoneCaFixture.Start, ca.IntermediateCertificate);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(ca.ExportIntermediatePrivateKey(), out _);
        var certificate = LeafCertificateSigner.Sign(plan, new LeafIssuer(ca.IntermediateCertificate, X509SignatureGenerator.CreateForECDsa(key), HashAlgorithmName.SHA256));
        return (certificate, plan);
    }

    private void Check(byte[] certificate, LeafPlan plan, IssuedCertificateCheck mode)
    {
        var ca = fixture.Ecdsa;
        using var signature = new IssuerSignature(ca.IntermediateCertificate, HashAlgorithmName.SHA256);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(ca.ExportIntermediatePrivateKey(), out _);
        var issuer = new LeafIssuer(ca.IntermediateCertificate, X509SignatureGenerator.CreateForECDsa(key), HashAlgorithmName.SHA256);
        IssuedCertificateChecker.Check(certificate, plan, issuer, signature, ca.RootCertificate, ca.IntermediateCertificate, mode);
    }

    private void AssertRefused(byte[] certificate, LeafPlan plan, IssuedCertificateCheck mode)
    {
        var error = Assert.Throws<PkiException>(() => Check(certificate, plan, mode));
        Assert.Equal(PkiErrorCode.IssuedCertificateInvalid, error.Code);
    }
}
