using System.Formats.Cbor;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// The NSM's CBOR messages for attestation, as serde encodes aws-nitro-enclaves-nsm-api's externally tagged enums
/// (src/api/mod.rs, encoded with serde_cbor/ciborium in src/driver/mod.rs):
/// request <c>{"Attestation": {"user_data": bstr / null, "nonce": bstr / null, "public_key": bstr / null}}</c> (definite
/// lengths, fields in declaration order); response <c>{"Attestation": {"document": bstr}}</c> or
/// <c>{"Error": "&lt;ErrorCode&gt;"}</c> (a unit variant is its name as a text string).
/// </summary>
public static class NsmCodec
{
    /// <summary>NSM_REQUEST_MAX_SIZE (include/uapi/linux/nsm.h).</summary>
    public const int MaxRequestLength = 0x1000;

    /// <summary>NSM_RESPONSE_MAX_SIZE: the driver's response buffer, and the most a response can be.</summary>
    public const int MaxResponseLength = 0x3000;

    /// <summary>Field limits of the attestation document (aws-nitro-enclaves-nsm-api docs/attestation_process.md; evidence-formats.md §9).</summary>
    public const int MaxUserDataLength = 512;

    public const int MaxNonceLength = 512;

    public const int MaxPublicKeyLength = 1024;

    /// <summary>Encodes an attestation request; a field over its limit is refused with <see cref="FindingCodes.ReportDataTooLong"/>.</summary>
    public static byte[] EncodeAttestationRequest(NsmAttestationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Limit(request.UserData, MaxUserDataLength, "user_data");
        Limit(request.Nonce, MaxNonceLength, "nonce");
        Limit(request.PublicKey, MaxPublicKeyLength, "public_key");

        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartMap(1);
        writer.WriteTextString("Attestation");
        writer.WriteStartMap(3);
        WriteOptional(writer, "user_data", request.UserData);
        WriteOptional(writer, "nonce", request.Nonce);
        WriteOptional(writer, "public_key", request.PublicKey);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// Returns the attestation document (COSE_Sign1 bytes) of a response. An <c>Error</c> response throws
    /// <see cref="FindingCodes.NsmRequestFailed"/> (InputTooLarge: <see cref="FindingCodes.ReportDataTooLong"/>); anything
    /// else that is not exactly the documented shape throws <see cref="FindingCodes.EvidenceDeviceResponseMalformed"/>,
    /// and a response longer than the driver's buffer <see cref="FindingCodes.EvidenceTooLarge"/>.
    /// </summary>
    public static byte[] DecodeAttestationResponse(ReadOnlyMemory<byte> response)
    {
        if (response.Length > MaxResponseLength)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceTooLarge, $"NSM response of {response.Length} bytes exceeds NSM_RESPONSE_MAX_SIZE ({MaxResponseLength}).");
        }

        try
        {
            var reader = new CborReader(response, CborConformanceMode.Strict);
            if (reader.ReadStartMap() != 1)
            {
                throw Malformed("the response must be a map with exactly one entry.");
            }

            var variant = reader.ReadTextString();
            var document = variant switch
            {
                "Attestation" => ReadDocument(reader),
                "Error" => throw Refused(reader.ReadTextString()),
                _ => throw Malformed($"'{variant}' is not a response to an Attestation request."),
            };
            reader.ReadEndMap();
            return reader.BytesRemaining == 0 ? document : throw Malformed($"{reader.BytesRemaining} bytes follow the response.");
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            throw Malformed(e.Message, e);
        }
    }

    private static byte[] ReadDocument(CborReader reader)
    {
        byte[]? document = null;
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.ReadTextString() == "document")
            {
                document = reader.ReadByteString();
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        return document is { Length: > 0 } ? document : throw Malformed("the Attestation response has no document.");
    }

    private static EvidenceProviderException Refused(string errorCode) => new(
        errorCode == "InputTooLarge" ? FindingCodes.ReportDataTooLong : FindingCodes.NsmRequestFailed,
        $"The Nitro Secure Module refused the attestation request: {errorCode}.");

    private static EvidenceProviderException Malformed(string detail, Exception? inner = null) =>
        new(FindingCodes.EvidenceDeviceResponseMalformed, "Malformed NSM response: " + detail, inner);

    private static void Limit(ReadOnlyMemory<byte>? value, int max, string field)
    {
        if (value is { Length: var length } && length > max)
        {
            throw new EvidenceProviderException(
                FindingCodes.ReportDataTooLong, $"Nitro Secure Module: {field} is at most {max} bytes; got {length}.");
        }
    }

    private static void WriteOptional(CborWriter writer, string key, ReadOnlyMemory<byte>? value)
    {
        writer.WriteTextString(key);
        if (value is { } bytes)
        {
            writer.WriteByteString(bytes.Span);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
