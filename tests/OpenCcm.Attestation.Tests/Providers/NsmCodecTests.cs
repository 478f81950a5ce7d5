using System.Formats.Cbor;
using System.Runtime.InteropServices;
using OpenCcm.Attestation.Providers;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>The NSM CBOR messages as aws-nitro-enclaves-nsm-api's serde encoding writes them, and the ioctl's constants.</summary>
public sealed class NsmCodecTests
{
    // {"Attestation": {"user_data": h'010203', "nonce": null, "public_key": null}}
    private const string UserDataOnly =
        "a1" + "6b" + "4174746573746174696f6e" + "a3"
        + "69" + "757365725f64617461" + "43010203"
        + "65" + "6e6f6e6365" + "f6"
        + "6a" + "7075626c69635f6b6579" + "f6";

    [Fact]
    public void An_attestation_request_is_encoded_byte_for_byte_as_serde_writes_it()
    {
        var encoded = NsmCodec.EncodeAttestationRequest(new NsmAttestationRequest { UserData = new byte[] { 1, 2, 3 } });

        Assert.Equal(UserDataOnly, Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void All_fields_set_and_all_fields_null_keep_the_declaration_order()
    {
        var all = NsmCodec.EncodeAttestationRequest(new NsmAttestationRequest
        {
            UserData = new byte[] { 0xAA },
            Nonce = new byte[] { 0xBB, 0xCC },
            PublicKey = new byte[30],
        });
        var none = NsmCodec.EncodeAttestationRequest(new NsmAttestationRequest());

        Assert.Equal(
            "a16b4174746573746174696f6ea3" + "69757365725f6461746141aa" + "656e6f6e636542bbcc" + "6a7075626c69635f6b6579581e" + new string('0', 60),
            Convert.ToHexStringLower(all));
        Assert.Equal("a16b4174746573746174696f6ea3" + "69757365725f64617461f6" + "656e6f6e6365f6" + "6a7075626c69635f6b6579f6", Convert.ToHexStringLower(none));
    }

    [Theory]
    [InlineData(513, 0, 0, "user_data")]
    [InlineData(0, 513, 0, "nonce")]
    [InlineData(0, 0, 1025, "public_key")]
    public void Fields_over_their_limits_are_refused(int userData, int nonce, int publicKey, string field)
    {
        var request = new NsmAttestationRequest { UserData = new byte[userData], Nonce = new byte[nonce], PublicKey = new byte[publicKey] };

        var error = Assert.Throws<EvidenceProviderException>(() => NsmCodec.EncodeAttestationRequest(request));

        Assert.Equal(FindingCodes.ReportDataTooLong, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_themselves_are_accepted()
    {
        var request = new NsmAttestationRequest { UserData = new byte[512], Nonce = new byte[512], PublicKey = new byte[1024] };

        Assert.InRange(NsmCodec.EncodeAttestationRequest(request).Length, 2048, NsmCodec.MaxRequestLength);
    }

    [Fact]
    public void A_document_response_is_decoded()
    {
        // {"Attestation": {"document": h'aabbcc'}}
        var response = Convert.FromHexString("a16b4174746573746174696f6ea168646f63756d656e7443aabbcc");

        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, NsmCodec.DecodeAttestationResponse(response));
    }

    [Theory]
    [InlineData("InternalError", "NsmRequestFailed")]
    [InlineData("InvalidArgument", "NsmRequestFailed")]
    [InlineData("InputTooLarge", "ReportDataTooLong")]
    public void An_error_response_names_the_nsm_error_code(string errorCode, string code)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("Error");
        writer.WriteTextString(errorCode);
        writer.WriteEndMap();

        var error = Assert.Throws<EvidenceProviderException>(() => NsmCodec.DecodeAttestationResponse(writer.Encode()));

        Assert.Equal(code, error.Code);
        Assert.Contains(errorCode, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_larger_than_the_driver_buffer_is_refused()
    {
        var error = Assert.Throws<EvidenceProviderException>(() => NsmCodec.DecodeAttestationResponse(new byte[NsmCodec.MaxResponseLength + 1]));

        Assert.Equal(FindingCodes.EvidenceTooLarge, error.Code);
    }

    public static TheoryData<string> MalformedResponses => new()
    {
        "",
        "a16b4174746573746174696f6ea168646f63756d656e7443aabbcc00", // trailing byte
        "a16b4174746573746174696f6ea168646f63756d656e7440", // empty document
        "a16b4174746573746174696f6ea0", // no document
        "a16b4174746573746174696f6ea168646f63756d656e74f6", // document null
        "a16b4174746573746174696f6ea268646f63756d656e744101" + "68646f63756d656e744102", // duplicate key
        "a16b44657363726962654e534da0", // {"DescribeNSM": {}}: not an attestation response
        "a2" + "6b4174746573746174696f6ea0" + "654572726f72" + "6d496e7465726e616c4572726f72", // two variants
        "826b4174746573746174696f6ea0", // an array
        "a1654572726f7201", // Error with a number
    };

    [Theory]
    [MemberData(nameof(MalformedResponses))]
    public void Responses_of_another_shape_are_malformed(string hex)
    {
        var error = Assert.Throws<EvidenceProviderException>(() => NsmCodec.DecodeAttestationResponse(Convert.FromHexString(hex)));

        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
    }

    [Fact]
    public void Truncation_at_every_length_is_malformed()
    {
        var response = Convert.FromHexString("a16b4174746573746174696f6ea168646f63756d656e7443aabbcc");

        for (var length = 0; length < response.Length; length++)
        {
            var error = Assert.Throws<EvidenceProviderException>(() => NsmCodec.DecodeAttestationResponse(response.AsMemory(0, length)));
            Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
        }
    }

    [Fact]
    public void The_ioctl_request_is_iowr_0x0a_0_of_a_32_byte_nsm_raw()
    {
        Assert.Equal(32, Marshal.SizeOf<NsmRawMessage>());
        Assert.Equal((nuint)0xC0200A00u, NsmNativeMethods.NsmIoctlRaw);
    }
}
