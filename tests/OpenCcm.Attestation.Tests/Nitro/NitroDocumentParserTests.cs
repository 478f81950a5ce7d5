using System.Formats.Cbor;
using OpenCcm.Attestation.Nitro;
using static OpenCcm.Attestation.Tests.Nitro.NitroTestDocuments;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>The COSE envelope and the payload field rules of evidence-formats.md §9, each with its own code.</summary>
public sealed class NitroDocumentParserTests
{
    [Fact]
    public void Sample_A_fields_are_decoded()
    {
        var document = NitroAttestationDocument.Parse(SampleA());

        Assert.Equal("i-02e3a660059b27d87-enc017bca11991e5083", document.ModuleId);
        Assert.Equal("SHA384", document.Digest);
        Assert.Equal(1631182760215UL, document.TimestampMilliseconds);
        Assert.Equal(DateTimeOffset.Parse("2021-09-09T10:19:20.215Z", System.Globalization.CultureInfo.InvariantCulture), document.Timestamp);
        Assert.Equal(Enumerable.Range(0, 16), document.Pcrs.Keys);
        Assert.All(document.Pcrs.Values, v => Assert.Equal(48, v.Length));
        Assert.Null(document.PublicKey);
        Assert.Equal(4, document.CaBundle.Count);
        Assert.True(document.IsDebug);
    }

    [Fact]
    public void The_unchanged_fields_reencoded_parse()
    {
        var document = NitroAttestationDocument.Parse(Unsigned(EncodePayload(FieldsOfA())));

        Assert.Equal("i-02e3a660059b27d87-enc017bca11991e5083", document.ModuleId);
    }

    [Theory]
    [InlineData("module_id")]
    [InlineData("digest")]
    [InlineData("timestamp")]
    [InlineData("pcrs")]
    [InlineData("certificate")]
    [InlineData("cabundle")]
    public void A_missing_mandatory_field_is_reported(string key) =>
        AssertFormat(FindingCodes.NitroFieldMissing, EncodePayload(FieldsOfA().Without(key)));

    [Theory]
    [InlineData("public_key")]
    [InlineData("user_data")]
    [InlineData("nonce")]
    public void Optional_fields_may_be_absent_or_null(string key)
    {
        Assert.Null(Field(NitroAttestationDocument.Parse(Unsigned(EncodePayload(FieldsOfA().Without(key)))), key));
        Assert.Null(Field(NitroAttestationDocument.Parse(Unsigned(EncodePayload(FieldsOfA().Replace(key, w => w.WriteNull())))), key));
    }

    public static TheoryData<string, string, Action<CborWriter>> BadFields => new()
    {
        { FindingCodes.NitroFieldInvalid, "module_id", w => w.WriteTextString("") },
        { FindingCodes.NitroDigestUnsupported, "digest", w => w.WriteTextString("SHA256") },
        { FindingCodes.NitroFieldInvalid, "timestamp", w => w.WriteUInt64(0) },
        { FindingCodes.NitroFieldInvalid, "timestamp", w => w.WriteUInt64(ulong.MaxValue) },
        { FindingCodes.NitroPayloadInvalid, "timestamp", w => w.WriteInt64(-1) },
        { FindingCodes.NitroFieldInvalid, "pcrs", w => WritePcrs(w, []) },
        { FindingCodes.NitroFieldInvalid, "pcrs", w => WritePcrs(w, [(32, new byte[48])]) },
        { FindingCodes.NitroFieldInvalid, "pcrs", w => WritePcrs(w, [(0, new byte[47])]) },
        { FindingCodes.NitroFieldInvalid, "pcrs", w => WritePcrs(w, [(0, Array.Empty<byte>())]) },
        { FindingCodes.NitroPayloadInvalid, "pcrs", w => WritePcrs(w, [(0, new byte[48]), (0, new byte[48])]) },
        { FindingCodes.NitroPayloadInvalid, "pcrs", w => WriteArray(w, [new byte[48]]) },
        { FindingCodes.NitroFieldInvalid, "certificate", w => w.WriteByteString([]) },
        { FindingCodes.NitroPayloadInvalid, "certificate", w => w.WriteTextString("MIIB") },
        { FindingCodes.NitroFieldInvalid, "cabundle", w => WriteArray(w, []) },
        { FindingCodes.NitroFieldInvalid, "cabundle", w => WriteArray(w, [new byte[1025]]) },
        { FindingCodes.NitroFieldInvalid, "cabundle", w => WriteArray(w, [[]]) },
        { FindingCodes.NitroPayloadInvalid, "cabundle", w => w.WriteByteString(new byte[10]) },
        { FindingCodes.NitroFieldInvalid, "public_key", w => w.WriteByteString([]) },
        { FindingCodes.NitroFieldInvalid, "public_key", w => w.WriteByteString(new byte[1025]) },
        { FindingCodes.NitroFieldInvalid, "user_data", w => w.WriteByteString(new byte[513]) },
        { FindingCodes.NitroFieldInvalid, "nonce", w => w.WriteByteString(new byte[513]) },
        { FindingCodes.NitroPayloadInvalid, "nonce", w => w.WriteTextString("nonce") },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void A_field_breaking_its_rule_is_reported(string code, string key, Action<CborWriter> write) =>
        AssertFormat(code, EncodePayload(FieldsOfA().Replace(key, write)));

    [Fact]
    public void Largest_allowed_fields_are_accepted()
    {
        var fields = FieldsOfA()
            .Replace("public_key", w => w.WriteByteString(new byte[1024]))
            .Replace("user_data", w => w.WriteByteString(new byte[512]))
            .Replace("nonce", w => w.WriteByteString([]))
            .Replace("pcrs", w => WritePcrs(w, Enumerable.Range(0, 32).Select(i => ((ulong)i, new byte[i % 3 == 0 ? 32 : i % 3 == 1 ? 48 : 64]))));

        var document = NitroAttestationDocument.Parse(Unsigned(EncodePayload(fields)));

        Assert.Equal(32, document.Pcrs.Count);
        Assert.Empty(document.Nonce!);
    }

    [Fact]
    public void An_unknown_key_is_refused() =>
        AssertFormat(FindingCodes.NitroPayloadInvalid, EncodePayload([.. FieldsOfA(), ("extra", w => w.WriteNull())]));

    [Fact]
    public void A_duplicate_key_is_refused() =>
        AssertFormat(FindingCodes.NitroPayloadInvalid, EncodePayload([.. FieldsOfA(), ("nonce", w => w.WriteNull())]));

    [Fact]
    public void A_payload_that_is_not_a_map_is_refused()
    {
        var writer = new CborWriter();
        writer.WriteTextString("module_id");
        AssertFormat(FindingCodes.NitroPayloadInvalid, writer.Encode());
    }

    [Fact]
    public void Bytes_after_the_payload_map_are_refused() =>
        AssertFormat(FindingCodes.NitroPayloadInvalid, [.. EncodePayload(FieldsOfA()), 0xF6]);

    [Theory]
    [InlineData("a10126")] // {1: -7} ES256
    [InlineData("a1013823")] // {1: -36} ES512
    [InlineData("a201382204436b6964")] // {1: -35, 4: h'6b6964'}
    [InlineData("a0")] // empty map
    public void A_protected_header_other_than_es384_is_refused(string header) =>
        AssertFormat(FindingCodes.NitroAlgorithmUnsupported, EncodeSign1(Convert.FromHexString(header), EncodePayload(FieldsOfA()), new byte[96]), raw: true);

    [Fact]
    public void A_detached_payload_is_refused() =>
        AssertFormat(FindingCodes.NitroCoseInvalid, EncodeSign1(Es384Header, null, new byte[96]), raw: true);

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(95)]
    [InlineData(97)]
    public void A_signature_not_96_bytes_is_refused(int length) =>
        AssertFormat(FindingCodes.NitroCoseInvalid, EncodeSign1(Es384Header, EncodePayload(FieldsOfA()), new byte[length]), raw: true);

    [Fact]
    public void A_tag_other_than_18_is_refused()
    {
        byte[] tagged = [0xD1, .. Unsigned(EncodePayload(FieldsOfA()))]; // tag 17 (COSE_Mac0)

        AssertFormat(FindingCodes.NitroCoseInvalid, tagged, raw: true);
    }

    [Fact]
    public void An_array_of_three_is_refused()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(3);
        writer.WriteByteString(Es384Header);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(EncodePayload(FieldsOfA()));
        writer.WriteEndArray();

        AssertFormat(FindingCodes.NitroCoseInvalid, writer.Encode(), raw: true);
    }

    [Fact]
    public void Base64_of_something_else_is_not_decoded()
    {
        var text = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String([1, 2, 3, 4, 5, 6]));

        AssertFormat(FindingCodes.NitroCoseInvalid, text, raw: true);
    }

    private static void AssertFormat(string code, byte[] bytes, bool raw = false)
    {
        var document = raw ? bytes : Unsigned(bytes);

        var error = Assert.Throws<EvidenceFormatException>(() => NitroAttestationDocument.Parse(document));
        Assert.Equal(code, error.Code);

        var verdict = new NitroAttestationVerifier().Verify(document, InsideA);
        Assert.False(verdict.Verified);
        Assert.Equal([code], verdict.Errors.Select(f => f.Code));
    }

    private static byte[]? Field(NitroAttestationDocument document, string key) => key switch
    {
        "public_key" => document.PublicKey,
        "user_data" => document.UserData,
        _ => document.Nonce,
    };
}
