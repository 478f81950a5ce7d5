using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Sigstructs;

public sealed class SigstructSampleTests
{
    private static readonly byte[] Sample = TestData.Bytes("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin");
    private static readonly JsonElement Expected =
        JsonDocument.Parse(TestData.Bytes("sgx-sigstruct", "A_sig1_testkey", "expected.json")).RootElement;

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Field(string name) => Expected.GetProperty(name).GetString()!;

    [Fact]
    public void Parse_exposes_every_field_of_the_sample()
    {
        var s = Sgx.Sigstruct.Parse(Sample);

        Assert.Equal(Expected.GetProperty("size").GetInt32(), s.Raw.Length);
        Assert.Equal(Field("header"), Hex(s.Header));
        Assert.Equal(0u, s.HeaderType);
        Assert.Equal(Field("vendor"), $"0x{s.Vendor:x}");
        Assert.Equal(Field("date_yyyymmdd"), $"{s.DateBcd:x8}");
        Assert.Equal(new DateOnly(2016, 1, 9), s.Date);
        Assert.Equal(Field("header2"), Hex(s.Header2));
        Assert.Equal(Expected.GetProperty("swdefined").GetUInt32(), s.SwDefined);
        Assert.Equal(Expected.GetProperty("exponent").GetUInt32(), s.Exponent);
        Assert.Equal(Field("miscselect"), $"0x{s.MiscSelect:x}");
        Assert.Equal(Field("miscmask"), $"0x{s.MiscMask:x}");
        Assert.Equal(Field("isvfamilyid"), Hex(s.IsvFamilyId));
        Assert.Equal(Field("attributes"), Hex(s.Attributes));
        Assert.Equal(Field("attributemask"), Hex(s.AttributeMask));
        Assert.Equal(Field("mrenclave"), Hex(s.EnclaveHash));
        Assert.Equal(Field("isvextprodid"), Hex(s.IsvExtProdId));
        Assert.Equal(Expected.GetProperty("isvprodid").GetUInt16(), s.IsvProdId);
        Assert.Equal(Expected.GetProperty("isvsvn").GetUInt16(), s.IsvSvn);
        Assert.Equal(Field("mrsigner_sha256_of_modulus_le"), Hex(s.MrSigner));
        Assert.Equal(Field("sha256_of_signed_bytes"), Hex(SHA256.HashData(s.SignedBytes)));
        Assert.Equal(384, s.Modulus.Length);
        Assert.Equal(384, s.Signature.Length);
        Assert.Equal(384, s.Q1.Length);
        Assert.Equal(384, s.Q2.Length);
        Assert.False(s.Debug);
        Assert.False(s.AttributesDebug);
        Assert.True(s.DebugLaunchAllowed); // ATTRIBUTEMASK fdff…: DEBUG is left free.
    }

    [Fact]
    public void Signature_and_Q1_Q2_of_the_sample_hold()
    {
        var s = Sgx.Sigstruct.Parse(Sample);

        Assert.Equal(Expected.GetProperty("rsa_signature_valid").GetBoolean(), s.VerifySignature());
        Assert.True(Expected.GetProperty("q1_valid").GetBoolean() && Expected.GetProperty("q2_valid").GetBoolean());
        Assert.True(s.VerifyQ1Q2());
    }

    [Fact]
    public void Verifier_accepts_the_sample_with_SGX_claims_without_report_data()
    {
        var verdict = new SigstructVerifier().Verify(Sample, new VerificationContext { Time = DateTimeOffset.UnixEpoch });

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(EvidenceFormats.Sigstruct, verdict.Format);
        Assert.Empty(verdict.Errors);
        Assert.True(verdict.Has(FindingCodes.SigstructDebugLaunchAllowed));
        var claims = Assert.IsType<SgxClaims>(verdict.Claims).ToDictionary();
        Assert.Equal(Field("mrenclave"), claims["mrenclave"]);
        Assert.Equal(Field("mrsigner_sha256_of_modulus_le"), claims["mrsigner"]);
        Assert.Equal((ushort)0, claims["isvProdId"]);
        Assert.Equal((ushort)0, claims["isvSvn"]);
        Assert.Equal(false, claims["debug"]);
        Assert.Equal(Field("attributes"), claims["attributes"]);
        Assert.Equal("00000000", claims["miscSelect"]);
        Assert.False(claims.ContainsKey("reportData"));
        Assert.False(claims.ContainsKey("cpuSvn"));
    }

    [Fact]
    public void Builder_reproduces_the_sample_byte_for_byte_with_the_public_test_key()
    {
        using var key = SigstructSigningKey.FromPem(Sig1TestKey.Pem);
        var builder = new SigstructBuilder
        {
            EnclaveHash = Convert.FromHexString(Field("mrenclave")),
            Date = new DateOnly(2016, 1, 9),
            Attributes = Convert.FromHexString(Field("attributes")),
            AttributeMask = Convert.FromHexString(Field("attributemask")),
            MiscSelect = 0,
            MiscMask = 0xFFFF_FFFF,
        };

        Assert.Equal(Sample, builder.Sign(key));
    }

    [Fact]
    public void LooksLike_recognises_the_sample_only()
    {
        var verifier = new SigstructVerifier();
        Assert.True(verifier.LooksLike(Sample));
        Assert.False(verifier.LooksLike(Sample.AsSpan(0, 1807)));
        Assert.False(verifier.LooksLike(new byte[1808]));
    }
}
