using System.Formats.Cbor;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Encodes an attestation document payload the way the Nitro Secure Module does (aws-nitro-enclaves-nsm-api
/// AttestationDoc): a definite-length map in the field order module_id, digest, timestamp, pcrs, certificate,
/// cabundle, public_key, user_data, nonce, with CBOR null for absent optional fields.
/// </summary>
internal static class SimulatedNitroPayloadWriter
{
    public static byte[] Write(
        string moduleId,
        ulong timestampMilliseconds,
        IReadOnlyDictionary<int, byte[]> pcrs,
        byte[] certificate,
        IReadOnlyList<byte[]> caBundle,
        byte[]? publicKey,
        byte[]? userData,
        byte[]? nonce)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartMap(9);
        writer.WriteTextString("module_id");
        writer.WriteTextString(moduleId);
        writer.WriteTextString("digest");
        writer.WriteTextString("SHA384");
        writer.WriteTextString("timestamp");
        writer.WriteUInt64(timestampMilliseconds);
        writer.WriteTextString("pcrs");
        writer.WriteStartMap(pcrs.Count);
        foreach (var (index, value) in pcrs.OrderBy(p => p.Key))
        {
            writer.WriteUInt32((uint)index);
            writer.WriteByteString(value);
        }

        writer.WriteEndMap();
        writer.WriteTextString("certificate");
        writer.WriteByteString(certificate);
        writer.WriteTextString("cabundle");
        writer.WriteStartArray(caBundle.Count);
        foreach (var der in caBundle)
        {
            writer.WriteByteString(der);
        }

        writer.WriteEndArray();
        WriteOptional(writer, "public_key", publicKey);
        WriteOptional(writer, "user_data", userData);
        WriteOptional(writer, "nonce", nonce);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteOptional(CborWriter writer, string key, byte[]? value)
    {
        writer.WriteTextString(key);
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteByteString(value);
        }
    }
}
