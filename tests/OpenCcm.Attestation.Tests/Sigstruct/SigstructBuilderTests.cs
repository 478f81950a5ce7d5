using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Sigstructs;

public sealed class SigstructBuilderTests
{
    // Generating an RSA-3072 key takes about a second: one for the whole class.
    private static readonly Lazy<RSA> GeneratedKey = new(RsaExponent3KeyGenerator.Generate);
    private static readonly VerificationContext Context = new() { Time = DateTimeOffset.UnixEpoch };

    private static byte[] EnclaveHash => SHA256.HashData("enclave"u8);

    [Fact]
    public void Generated_key_is_RSA_3072_with_exponent_3()
    {
        var key = GeneratedKey.Value;
        var parameters = key.ExportParameters(false);

        Assert.Equal(3072, key.KeySize);
        Assert.Equal([3], parameters.Exponent);
        SigstructSigningKey.Validate(key);
    }

    [Fact]
    public void Round_trip_with_a_generated_key_verifies_with_MRSIGNER_of_the_little_endian_modulus()
    {
        var key = GeneratedKey.Value;
        var bytes = new SigstructBuilder
        {
            EnclaveHash = EnclaveHash,
            IsvProdId = 7,
            IsvSvn = 42,
            MiscSelect = 1,
            MiscMask = 0xFFFF_FFFE,
            Vendor = 0x8086,
            SwDefined = 5,
            Date = new DateOnly(2025, 12, 31),
            IsvFamilyId = Enumerable.Repeat((byte)0xAA, 16).ToArray(),
            IsvExtProdId = Enumerable.Repeat((byte)0xBB, 16).ToArray(),
        }.Sign(key);

        var parsed = Sgx.Sigstruct.Parse(bytes);
        var modulusLe = key.ExportParameters(false).Modulus!.Reverse().ToArray();
        Assert.Equal(SHA256.HashData(modulusLe), parsed.MrSigner);
        Assert.Equal(EnclaveHash, parsed.EnclaveHash.ToArray());
        Assert.Equal((ushort)7, parsed.IsvProdId);
        Assert.Equal((ushort)42, parsed.IsvSvn);
        Assert.Equal(1u, parsed.MiscSelect);
        Assert.Equal(0xFFFF_FFFEu, parsed.MiscMask);
        Assert.Equal(0x8086u, parsed.Vendor);
        Assert.Equal(5u, parsed.SwDefined);
        Assert.Equal(0x20251231u, parsed.DateBcd);
        Assert.Equal(new DateOnly(2025, 12, 31), parsed.Date);
        Assert.All(parsed.IsvFamilyId.ToArray(), b => Assert.Equal(0xAA, b));
        Assert.All(parsed.IsvExtProdId.ToArray(), b => Assert.Equal(0xBB, b));

        var verdict = new SigstructVerifier().Verify(bytes, Context);
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        var claims = Assert.IsType<SgxClaims>(verdict.Claims);
        Assert.Equal(parsed.MrSigner, claims.MrSigner);
        Assert.False(claims.Debug);
    }

    [Fact]
    public void Debug_signing_sets_header_type_bit_31_and_the_debug_claim()
    {
        var bytes = new SigstructBuilder { EnclaveHash = EnclaveHash, Debug = true }.Sign(GeneratedKey.Value);

        var verdict = new SigstructVerifier().Verify(bytes, Context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(Assert.IsType<SgxClaims>(verdict.Claims).Debug);
        Assert.Equal(0x8000_0000u, Sgx.Sigstruct.Parse(bytes).HeaderType);
    }

    [Fact]
    public void A_mask_that_pins_DEBUG_off_gives_no_debug_launch_finding()
    {
        var bytes = new SigstructBuilder
        {
            EnclaveHash = EnclaveHash,
            AttributeMask = Enumerable.Repeat((byte)0xFF, 16).ToArray(),
        }.Sign(GeneratedKey.Value);

        var verdict = new SigstructVerifier().Verify(bytes, Context);

        Assert.True(verdict.Verified);
        Assert.False(verdict.Has(FindingCodes.SigstructDebugLaunchAllowed));
    }

    [Fact]
    public void Keys_other_than_RSA_3072_e3_are_refused()
    {
        using var e65537 = RSA.Create(3072);
        using var small = RSA.Create(2048);
        var builder = new SigstructBuilder { EnclaveHash = EnclaveHash };

        Assert.Throws<ArgumentException>(() => builder.Sign(e65537));
        Assert.Throws<ArgumentException>(() => builder.Sign(small));
        Assert.Throws<ArgumentException>(() => SigstructSigningKey.FromPem(e65537.ExportRSAPrivateKeyPem()));
        Assert.Throws<ArgumentException>(() => SigstructSigningKey.FromPem(small.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void Keys_load_from_PKCS1_and_PKCS8_PEM_but_not_from_public_keys_or_garbage()
    {
        using var pkcs1 = SigstructSigningKey.FromPem(Sig1TestKey.Pem);
        using var pkcs8 = SigstructSigningKey.FromPem(pkcs1.ExportPkcs8PrivateKeyPem());

        Assert.Equal(pkcs1.ExportParameters(false).Modulus, pkcs8.ExportParameters(false).Modulus);
        Assert.Throws<ArgumentException>(() => SigstructSigningKey.FromPem(pkcs1.ExportSubjectPublicKeyInfoPem()));
        Assert.Throws<ArgumentException>(() => SigstructSigningKey.FromPem("not a key"));
        Assert.Throws<ArgumentException>(() => SigstructSigningKey.FromPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"));
    }

    [Fact]
    public void Fields_of_the_wrong_size_are_refused()
    {
        var builder = new SigstructBuilder { EnclaveHash = new byte[31] };

        Assert.Throws<ArgumentException>(() => builder.Sign(GeneratedKey.Value));
    }

    [Theory]
    [InlineData(2016, 1, 9, 0x20160109u)]
    [InlineData(1999, 12, 31, 0x19991231u)]
    public void Dates_are_BCD(int year, int month, int day, uint bcd)
    {
        var date = new DateOnly(year, month, day);

        Assert.Equal(bcd, SigstructDate.Encode(date));
        Assert.Equal(date, SigstructDate.Decode(bcd));
    }

    [Theory]
    [InlineData(0x2016010Au)]
    [InlineData(0x20160230u)]
    [InlineData(0x00000000u)]
    public void Invalid_BCD_dates_decode_to_null(uint bcd) => Assert.Null(SigstructDate.Decode(bcd));
}
