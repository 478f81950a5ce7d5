using System.Security.Cryptography;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Sealing;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Authority;

public sealed class ZoneCaLoadTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Theory]
    [InlineData(CaKeyAlgorithm.Ecdsa)]
    [InlineData(CaKeyAlgorithm.Rsa)]
    public void Exported_keys_load_back_into_a_ca_that_issues_under_the_same_root(CaKeyAlgorithm algorithm)
    {
        var original = fixture.For(algorithm);
        var intermediateKey = original.ExportIntermediatePrivateKey();
        var rootKey = original.ExportRootPrivateKey();

        using var loaded = ZoneCertificateAuthority.Load(
            original.RootCertificate.RawData, original.IntermediateCertificate.RawData, intermediateKey, rootKey, timeProvider: fixture.Clock);

        Assert.True(loaded.HasRootKey);
        Assert.Equal(original.RootCertificate.RawData, loaded.RootCertificate.RawData);
        Assert.Equal((original.AccountId, original.ZoneId, algorithm), (loaded.AccountId, loaded.ZoneId, loaded.KeyAlgorithm));
        using var issued = loaded.IssueWorkloadCertificate(CsrVerifier.Verify(Csrs.NewP256()), new WorkloadCertificateRequest
        {
            CommonName = "app",
            DnsNames = ["app.example.com"],
            Identity = Identities.Sgx(),
        });
        Assert.Equal(original.IntermediateCertificate.Subject, issued.Certificate.Issuer);
    }

    [Fact]
    public void Without_the_root_key_the_ca_still_issues_but_cannot_export_the_root_key()
    {
        var original = fixture.Ecdsa;
        using var loaded = ZoneCertificateAuthority.Load(
            original.RootCertificate.RawData, original.IntermediateCertificate.RawData, original.ExportIntermediatePrivateKey(), timeProvider: fixture.Clock);

        Assert.False(loaded.HasRootKey);
        Assert.Equal(PkiErrorCode.CaRootKeyUnavailable, Assert.Throws<PkiException>(loaded.ExportRootPrivateKey).Code);
        Assert.Null(loaded.Seal(new SecretSealer(MasterKey.Generate())).SealedRootKey);
    }

    [Fact]
    public void An_expired_ca_loads_but_issues_nothing()
    {
        var clock = new FixedTimeProvider(ZoneCaFixture.Start);
        var options = new ZoneCaOptions { RootLifetime = TimeSpan.FromDays(10), IntermediateLifetime = TimeSpan.FromDays(10) };
        using var shortLived = ZoneCertificateAuthority.Create("a", "z", options, clock);
        clock.Now = ZoneCaFixture.Start.AddDays(11);

        using var loaded = ZoneCertificateAuthority.Load(
            shortLived.RootCertificate.RawData, shortLived.IntermediateCertificate.RawData, shortLived.ExportIntermediatePrivateKey(), timeProvider: clock);

        var error = Assert.Throws<PkiException>(() => loaded.IssueNodeCertificate(
            CsrVerifier.Verify(Csrs.NewP256()), new NodeCertificateRequest { CommonName = "n", Identity = Identities.Sgx() }));
        Assert.Equal(PkiErrorCode.CaNotValid, error.Code);
    }

    [Fact]
    public void A_key_of_another_ca_is_refused()
    {
        using var other = ZoneCertificateAuthority.Create("a", "z");
        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Load(
            fixture.Ecdsa.RootCertificate.RawData, fixture.Ecdsa.IntermediateCertificate.RawData, other.ExportIntermediatePrivateKey()));
        Assert.Equal(PkiErrorCode.CaMaterialInvalid, error.Code);
    }

    [Fact]
    public void A_key_of_the_wrong_type_is_refused()
    {
        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Load(
            fixture.Ecdsa.RootCertificate.RawData, fixture.Ecdsa.IntermediateCertificate.RawData, fixture.Rsa.ExportIntermediatePrivateKey()));
        Assert.Equal(PkiErrorCode.CaMaterialInvalid, error.Code);
    }

    [Fact]
    public void An_intermediate_of_another_root_is_refused()
    {
        using var other = ZoneCertificateAuthority.Create(ZoneCaFixture.Account, ZoneCaFixture.Zone);
        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Load(
            fixture.Ecdsa.RootCertificate.RawData, other.IntermediateCertificate.RawData, other.ExportIntermediatePrivateKey()));
        Assert.Equal(PkiErrorCode.CaMaterialInvalid, error.Code);
    }

    [Fact]
    public void Root_and_intermediate_swapped_are_refused()
    {
        var ca = fixture.Ecdsa;
        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Load(
            ca.IntermediateCertificate.RawData, ca.RootCertificate.RawData, ca.ExportRootPrivateKey()));
        Assert.Equal(PkiErrorCode.CaMaterialInvalid, error.Code);
    }

    [Fact]
    public void Garbage_is_refused_with_a_code_not_a_crash()
    {
        var ca = fixture.Ecdsa;
        var garbage = RandomNumberGenerator.GetBytes(200);
        var root = ca.RootCertificate.RawData;
        var intermediate = ca.IntermediateCertificate.RawData;
        var key = ca.ExportIntermediatePrivateKey();
        foreach (var attempt in new Action[]
        {
            () => ZoneCertificateAuthority.Load(garbage, intermediate, key),
            () => ZoneCertificateAuthority.Load(root, garbage, key),
            () => ZoneCertificateAuthority.Load(root, intermediate, garbage),
            () => ZoneCertificateAuthority.Load(root, intermediate, key, garbage),
            () => ZoneCertificateAuthority.Load(root, intermediate, [.. key, 0]),
            () => ZoneCertificateAuthority.Load(root, intermediate, key.AsSpan(0, key.Length - 1)),
        })
        {
            Assert.Equal(PkiErrorCode.CaMaterialInvalid, Assert.Throws<PkiException>(attempt).Code);
        }
    }
}
