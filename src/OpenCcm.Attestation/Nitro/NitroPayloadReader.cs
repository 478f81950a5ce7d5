using System.Formats.Cbor;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Reads the payload map of an attestation document (AWS attestation_process.md, evidence-formats.md §9) with a
/// strict CBOR reader (well-formed, valid UTF-8, no duplicate keys). Unknown keys are refused: the document's
/// shape is fixed and a key we do not understand is not something to trust silently.
/// </summary>
internal static class NitroPayloadReader
{
    public const string RequiredDigest = "SHA384";
    public const int MaxPcrCount = 32;
    public const int MaxCaCertificateLength = 1024;
    public const int MaxPublicKeyLength = 1024;
    public const int MaxUserDataLength = 512;
    public const int MaxNonceLength = 512;

    // DateTimeOffset.MaxValue in Unix milliseconds: a larger timestamp cannot be an instant.
    private const ulong MaxTimestampMilliseconds = 253_402_300_799_999;

    public static NitroPayload Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ReadMap(new CborReader(payload, CborConformanceMode.Strict));
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException)
        {
            throw new EvidenceFormatException(FindingCodes.NitroPayloadInvalid, "The payload is not a valid attestation document map: " + e.Message);
        }
    }

    private static NitroPayload ReadMap(CborReader reader)
    {
        string? moduleId = null, digest = null;
        ulong? timestamp = null;
        IReadOnlyDictionary<int, byte[]>? pcrs = null;
        byte[]? certificate = null, publicKey = null, userData = null, nonce = null;
        IReadOnlyList<byte[]>? caBundle = null;

        Expect(reader, CborReaderState.StartMap, "payload");
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            Expect(reader, CborReaderState.TextString, "payload key");
            var key = reader.ReadTextString();
            switch (key)
            {
                case "module_id":
                    moduleId = ReadText(reader, key);
                    break;
                case "digest":
                    digest = ReadText(reader, key);
                    break;
                case "timestamp":
                    Expect(reader, CborReaderState.UnsignedInteger, key);
                    timestamp = reader.ReadUInt64();
                    break;
                case "pcrs":
                    pcrs = ReadPcrs(reader);
                    break;
                case "certificate":
                    certificate = ReadBytes(reader, key);
                    break;
                case "cabundle":
                    caBundle = ReadCaBundle(reader);
                    break;
                case "public_key":
                    publicKey = ReadOptionalBytes(reader, key);
                    break;
                case "user_data":
                    userData = ReadOptionalBytes(reader, key);
                    break;
                case "nonce":
                    nonce = ReadOptionalBytes(reader, key);
                    break;
                default:
                    throw new EvidenceFormatException(FindingCodes.NitroPayloadInvalid, $"Unknown payload key '{key}'.");
            }
        }

        reader.ReadEndMap();
        if (reader.BytesRemaining != 0)
        {
            throw new EvidenceFormatException(FindingCodes.NitroPayloadInvalid, $"{reader.BytesRemaining} bytes follow the payload map.");
        }

        var result = new NitroPayload(
            Required(moduleId, "module_id"),
            Required(digest, "digest"),
            Required(timestamp, "timestamp"),
            Required(pcrs, "pcrs"),
            Required(certificate, "certificate"),
            Required(caBundle, "cabundle"),
            publicKey,
            userData,
            nonce);
        CheckRules(result);
        return result;
    }

    // Field rules of evidence-formats.md §9 (AWS attestation_process.md §3.2 "Syntactical validation").
    private static void CheckRules(NitroPayload payload)
    {
        Rule(payload.ModuleId.Length > 0, "module_id must not be empty.");
        if (payload.Digest != RequiredDigest)
        {
            throw new EvidenceFormatException(FindingCodes.NitroDigestUnsupported, $"digest must be \"{RequiredDigest}\", got \"{payload.Digest}\".");
        }

        Rule(payload.TimestampMilliseconds is > 0 and <= MaxTimestampMilliseconds, $"timestamp {payload.TimestampMilliseconds} is not a valid instant.");
        Rule(payload.Certificate.Length > 0, "certificate must not be empty.");
        Rule(payload.CaBundle.Count > 0, "cabundle must hold at least the root certificate.");
        for (var i = 0; i < payload.CaBundle.Count; i++)
        {
            Rule(payload.CaBundle[i].Length is > 0 and <= MaxCaCertificateLength, $"cabundle[{i}] must be 1..{MaxCaCertificateLength} bytes, got {payload.CaBundle[i].Length}.");
        }

        Rule(payload.PublicKey is null || payload.PublicKey.Length is > 0 and <= MaxPublicKeyLength, $"public_key must be 1..{MaxPublicKeyLength} bytes.");
        Rule(payload.UserData is null || payload.UserData.Length <= MaxUserDataLength, $"user_data must be at most {MaxUserDataLength} bytes.");
        Rule(payload.Nonce is null || payload.Nonce.Length <= MaxNonceLength, $"nonce must be at most {MaxNonceLength} bytes.");
    }

    private static SortedDictionary<int, byte[]> ReadPcrs(CborReader reader)
    {
        Expect(reader, CborReaderState.StartMap, "pcrs");
        reader.ReadStartMap();
        var pcrs = new SortedDictionary<int, byte[]>();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            Expect(reader, CborReaderState.UnsignedInteger, "PCR index");
            var index = reader.ReadUInt64();
            Rule(index < MaxPcrCount, $"PCR index {index} is out of range 0..{MaxPcrCount - 1}.");
            var value = ReadBytes(reader, $"pcrs[{index}]");
            Rule(value.Length is 32 or 48 or 64, $"PCR{index} must be 32, 48 or 64 bytes, got {value.Length}.");
            Rule(pcrs.TryAdd((int)index, value), $"PCR{index} appears twice.");
        }

        reader.ReadEndMap();
        Rule(pcrs.Count is > 0 and <= MaxPcrCount, $"pcrs must hold 1..{MaxPcrCount} entries, got {pcrs.Count}.");
        return pcrs;
    }

    private static List<byte[]> ReadCaBundle(CborReader reader)
    {
        Expect(reader, CborReaderState.StartArray, "cabundle");
        reader.ReadStartArray();
        var bundle = new List<byte[]>();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            bundle.Add(ReadBytes(reader, $"cabundle[{bundle.Count}]"));
        }

        reader.ReadEndArray();
        return bundle;
    }

    private static string ReadText(CborReader reader, string field)
    {
        Expect(reader, CborReaderState.TextString, field);
        return reader.ReadTextString();
    }

    private static byte[] ReadBytes(CborReader reader, string field)
    {
        Expect(reader, CborReaderState.ByteString, field);
        return reader.ReadByteString();
    }

    // AWS documents optional fields as absent or a byte string; real documents send CBOR null (nitro/A's public_key).
    private static byte[]? ReadOptionalBytes(CborReader reader, string field)
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return null;
        }

        return ReadBytes(reader, field);
    }

    private static void Expect(CborReader reader, CborReaderState expected, string field)
    {
        var actual = reader.PeekState();
        if (actual != expected)
        {
            throw new EvidenceFormatException(FindingCodes.NitroPayloadInvalid, $"{field}: expected {expected}, found {actual}.");
        }
    }

    private static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw new EvidenceFormatException(FindingCodes.NitroFieldMissing, $"The payload lacks '{field}'.");

    private static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new EvidenceFormatException(FindingCodes.NitroFieldMissing, $"The payload lacks '{field}'.");

    private static void Rule(bool holds, string message)
    {
        if (!holds)
        {
            throw new EvidenceFormatException(FindingCodes.NitroFieldInvalid, message);
        }
    }
}
