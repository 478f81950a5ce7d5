using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Sealing;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Authority;

public sealed class ZoneCaSealingTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Fact]
    public void A_sealed_ca_opens_under_its_own_account_and_zone()
    {
        using var masterKey = MasterKey.Generate();
        using var sealer = new SecretSealer(masterKey);
        var sealedCa = fixture.Ecdsa.Seal(sealer);

        using var opened = ZoneCertificateAuthority.Unseal(sealedCa, sealer, ZoneCaFixture.Account, ZoneCaFixture.Zone, timeProvider: fixture.Clock);

        Assert.True(opened.HasRootKey);
        Assert.Equal(fixture.Ecdsa.IntermediateCertificate.RawData, opened.IntermediateCertificate.RawData);
        Assert.Equal(fixture.Ecdsa.ExportIntermediatePrivateKey(), opened.ExportIntermediatePrivateKey());
    }

    [Fact]
    public void Sealed_keys_do_not_contain_the_plain_pkcs8()
    {
        using var sealer = new SecretSealer(MasterKey.Generate());
        var sealedCa = fixture.Ecdsa.Seal(sealer);
        var plain = fixture.Ecdsa.ExportIntermediatePrivateKey();
        Assert.False(sealedCa.SealedIntermediateKey.AsSpan().IndexOf(plain.AsSpan(plain.Length - 32)) >= 0);
    }

    [Fact]
    public void A_sealed_ca_does_not_open_as_another_zone()
    {
        using var sealer = new SecretSealer(MasterKey.Generate());
        var sealedCa = fixture.Ecdsa.Seal(sealer);

        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Unseal(sealedCa, sealer, ZoneCaFixture.Account, "another-zone"));
        Assert.Equal(PkiErrorCode.SealedBlobAuthenticationFailed, error.Code);
    }

    [Fact]
    public void Purposes_do_not_collide_when_ids_contain_the_separator()
    {
        Assert.NotEqual(SealedZoneCa.Purpose("a/b", "c", "root"), SealedZoneCa.Purpose("a", "b/c", "root"));
        Assert.Equal("zone-ca/4:acct/4:zone/intermediate-key", SealedZoneCa.Purpose("acct", "zone", "intermediate"));
    }

    [Fact]
    public void Another_zones_certificates_with_its_sealed_key_under_our_ids_are_refused()
    {
        using var sealer = new SecretSealer(MasterKey.Generate());
        using var other = ZoneCertificateAuthority.Create(ZoneCaFixture.Account, "zone-b");
        // A record whose keys were sealed under zone-a's purpose but whose certificates name zone-b.
        var forged = other.Seal(sealer) with
        {
            SealedIntermediateKey = sealer.Seal(other.ExportIntermediatePrivateKey(), SealedZoneCa.Purpose(ZoneCaFixture.Account, "zone-a", "intermediate")),
            SealedRootKey = null,
        };

        var error = Assert.Throws<PkiException>(() => ZoneCertificateAuthority.Unseal(forged, sealer, ZoneCaFixture.Account, "zone-a"));
        Assert.Equal(PkiErrorCode.CaMaterialInvalid, error.Code);
    }
}
