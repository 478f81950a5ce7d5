using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

/// <summary>The post-signing check must refuse any certificate that differs from its plan in what it asserts.</summary>
public sealed class IssuedCertificateCheckerTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Fact]
    public void The_plan_the_certificate_was_signed_for_passes()
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        IssuedCertificateChecker.Check(certificate, plan, fixture.Ecdsa.RootCertificate, fixture.Ecdsa.IntermediateCertificate);
    }

    [Fact]
    public void One_more_or_one_fewer_name_fails()
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { DnsNames = [.. plan.DnsNames, "more.example.com"] });
        AssertRefused(certificate, plan with { DnsNames = plan.DnsNames.Take(1).ToList() });
        AssertRefused(certificate, plan with { DnsNames = [] });
    }

    [Fact]
    public void Another_identity_fails()
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { Identity = plan.Identity with { Simulated = !plan.Identity.Simulated } });
        AssertRefused(certificate, plan with { Identity = plan.Identity with { Subject = IdentitySubject.Node } });
        AssertRefused(certificate, plan with { Identity = plan.Identity with { SecurityVersion = 4 } });
    }

    [Fact]
    public void Another_key_name_validity_or_serial_fails()
    {
        var (certificate, plan) = Sign(fixture.Ecdsa);
        AssertRefused(certificate, plan with { Csr = CsrVerifier.Verify(Csrs.NewP256()) });
        AssertRefused(certificate, plan with { CommonName = "other" });
        AssertRefused(certificate, plan with { NotAfter = plan.NotAfter.AddSeconds(1) });
        AssertRefused(certificate, plan with { SerialNumber = new byte[16] });
    }

    [Fact]
    public void A_certificate_of_another_zone_fails_the_chain()
    {
        using var other = ZoneCertificateAuthority.Create(ZoneCaFixture.Account, ZoneCaFixture.Zone, timeProvider: fixture.Clock);
        var (certificate, plan) = Sign(other);
        var error = Assert.Throws<PkiException>(() =>
            IssuedCertificateChecker.Check(certificate, plan, fixture.Ecdsa.RootCertificate, fixture.Ecdsa.IntermediateCertificate));
        Assert.Equal(PkiErrorCode.IssuedCertificateInvalid, error.Code);
    }

    /// <summary>Signs a leaf the way the CA does, but keeps the plan so the test can alter what it is checked against.</summary>
    private static (X509Certificate2, LeafPlan) Sign(ZoneCertificateAuthority ca)
    {
        var plan = LeafPlan.ForWorkload(
            CsrVerifier.Verify(Csrs.NewP256()),
            new WorkloadCertificateRequest { CommonName = "app", DnsNames = ["a.example.com", "b.example.com"], Identity = Identities.Sgx() },
            ca.Options, ZoneCaFixture.Start, ca.IntermediateCertificate);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(ca.ExportIntermediatePrivateKey(), out _);
        var certificate = LeafCertificateSigner.Sign(plan, ca.IntermediateCertificate, X509SignatureGenerator.CreateForECDsa(key), HashAlgorithmName.SHA256, null);
        return (certificate, plan);
    }

    private void AssertRefused(X509Certificate2 certificate, LeafPlan plan)
    {
        var error = Assert.Throws<PkiException>(() =>
            IssuedCertificateChecker.Check(certificate, plan, fixture.Ecdsa.RootCertificate, fixture.Ecdsa.IntermediateCertificate));
        Assert.Equal(PkiErrorCode.IssuedCertificateInvalid, error.Code);
    }
}
