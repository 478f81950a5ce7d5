using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

/// <summary>
/// The leaf's TBSCertificate is written with AsnWriter (decoding a certificate on OpenSSL 3.0 costs more than signing
/// it); these tests hold it byte for byte to what the platform's CertificateRequest.Create writes for the same inputs,
/// and have the platform decode what we sign (the issuance tests have openssl verify it, -x509_strict).
/// </summary>
public sealed class LeafCertificateEncodingTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    public static TheoryData<CaKeyAlgorithm, string> Cases => new()
    {
        { CaKeyAlgorithm.Ecdsa, "p256" },
        { CaKeyAlgorithm.Ecdsa, "p384" },
        { CaKeyAlgorithm.Ecdsa, "rsa" },
        { CaKeyAlgorithm.Rsa, "p256" },
        { CaKeyAlgorithm.Rsa, "rsa" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_TBSCertificate_is_the_platform_s_byte_for_byte(CaKeyAlgorithm algorithm, string workloadKey)
    {
        var (plan, issuer) = Plan(fixture.For(algorithm), workloadKey, ["a.example.com", "b.example.com"]);
        Assert.Equal(PlatformTbs(plan, issuer), Tbs(LeafCertificateSigner.Sign(plan, issuer)));
    }

    [Fact]
    public void Without_names_and_with_a_validity_past_2049_it_is_still_the_platform_s()
    {
        var (plan, issuer) = Plan(fixture.Ecdsa, "p256", []);
        // GeneralizedTime from 2050 (RFC 5280 §4.1.2.5); the check is not run here, only the encoding compared.
        plan = plan with { NotAfter = new DateTimeOffset(2051, 6, 30, 23, 59, 59, TimeSpan.Zero) };
        Assert.Equal(PlatformTbs(plan, issuer), Tbs(LeafCertificateSigner.Sign(plan, issuer)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_platform_decodes_what_we_sign_and_the_signature_verifies(CaKeyAlgorithm algorithm, string workloadKey)
    {
        var ca = fixture.For(algorithm);
        var (plan, issuer) = Plan(ca, workloadKey, ["a.example.com"]);
        using var certificate = X509CertificateLoader.LoadCertificate(LeafCertificateSigner.Sign(plan, issuer));
        Assert.Equal("CN=app", certificate.Subject);
        Assert.Equal(plan.SerialNumber, certificate.SerialNumberBytes.ToArray());
        Assert.Equal(plan.Csr.SubjectPublicKeyInfo, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(ca.IntermediateCertificate.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.True(ZoneChainValid(certificate, ca));
    }

    private static bool ZoneChainValid(X509Certificate2 certificate, ZoneCertificateAuthority ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.RootCertificate);
        chain.ChainPolicy.ExtraStore.Add(ca.IntermediateCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = ZoneCaFixture.Start.AddMinutes(1).UtcDateTime;
        return chain.Build(certificate);
    }

    /// <summary>What CertificateRequest.Create writes for the same plan, signer and extensions.</summary>
    private static byte[] PlatformTbs(LeafPlan plan, LeafIssuer issuer)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(plan.CommonName);
        var request = new CertificateRequest(subject.Build(), plan.Csr.PublicKey, issuer.Hash);
        foreach (var extension in LeafCertificateSigner.Extensions(plan, issuer))
        {
            request.CertificateExtensions.Add(extension);
        }

        using var certificate = request.Create(issuer.Name, issuer.Signer, plan.NotBefore, plan.NotAfter, plan.SerialNumber);
        return Tbs(certificate.RawData);
    }

    private static byte[] Tbs(byte[] certificate) =>
        new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadEncodedValue().ToArray();

    private static (LeafPlan, LeafIssuer) Plan(ZoneCertificateAuthority ca, string workloadKey, string[] names)
    {
        var csr = CsrVerifier.Verify(workloadKey switch
        {
            "p256" => Csrs.NewP256(),
            "p384" => Csrs.Ecdsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
            _ => Csrs.Rsa(RSA.Create(2048)),
        });
        var plan = LeafPlan.ForWorkload(csr, new WorkloadCertificateRequest { CommonName = "app", DnsNames = names, Identity = Identities.Sgx() },
            ca.Options, ZoneCaFixture.Start, ca.IntermediateCertificate);
        AsymmetricAlgorithm key = ca.KeyAlgorithm == CaKeyAlgorithm.Rsa ? RSA.Create() : ECDsa.Create();
        key.ImportPkcs8PrivateKey(ca.ExportIntermediatePrivateKey(), out _);
        var hash = key is ECDsa { KeySize: 384 } ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var signer = key is RSA rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)key);
        return (plan, new LeafIssuer(ca.IntermediateCertificate, signer, hash));
    }
}
