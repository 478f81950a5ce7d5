using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>Samples, pinned times and hand-built COSE_Sign1 documents for the Nitro tests.</summary>
internal static class NitroTestDocuments
{
    public const string FolderA = "A_fortanix_2021_debug";
    public const string FolderC = "C_eternis_2024_debug";

    public static readonly byte[] Es384Header = [0xA1, 0x01, 0x38, 0x22];

    public static byte[] Sample(string folder, string file) => TestData.Bytes("nitro", folder, file);

    public static byte[] SampleA() => Sample(FolderA, "attestation_doc.cbor");

    public static byte[] SampleC() => Sample(FolderC, "attestation_doc.cbor");

    public static VerificationContext At(string instant) => new() { Time = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>An A document inside its leaf's window (the source tests use 10:19:19Z..13:19:21Z; the leaf starts 10:19:20Z).</summary>
    public static VerificationContext InsideA => At("2021-09-09T10:20:00Z");

    public static VerificationContext InsideC => At("2024-09-09T19:50:00Z");

    /// <summary>[protected bstr, {} , payload bstr (or nil), signature bstr], optionally under tag 18.</summary>
    public static byte[] EncodeSign1(ReadOnlySpan<byte> protectedHeader, byte[]? payload, ReadOnlySpan<byte> signature, bool tagged = false)
    {
        var writer = new CborWriter();
        if (tagged)
        {
            writer.WriteTag((CborTag)18);
        }

        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        if (payload is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteByteString(payload);
        }

        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Re-encodes a document with a different payload, keeping its protected header and signature.</summary>
    public static byte[] WithPayload(byte[] document, byte[] payload)
    {
        var message = CoseMessage.DecodeSign1(document);
        return EncodeSign1(message.RawProtectedHeaders.Span, payload, message.Signature.Span);
    }

    /// <summary>The same document with another cabundle[0] (the signature no longer covers the payload).</summary>
    public static byte[] WithRoot(byte[] document, byte[] rootDer)
    {
        var parsed = NitroAttestationDocument.Parse(document).Payload;
        var bundle = parsed.CaBundle.ToArray();
        bundle[0] = rootDer;
        return WithPayload(document, SimulatedNitroPayloadWriter.Write(
            parsed.ModuleId, parsed.TimestampMilliseconds, parsed.Pcrs, parsed.Certificate, bundle, parsed.PublicKey, parsed.UserData, parsed.Nonce));
    }

    /// <summary>The payload fields of sample A in NSM order, as (key, writer) pairs tests can replace or drop.</summary>
    public static List<(string Key, Action<CborWriter> Write)> FieldsOfA()
    {
        var p = NitroAttestationDocument.Parse(SampleA()).Payload;
        return
        [
            ("module_id", w => w.WriteTextString(p.ModuleId)),
            ("digest", w => w.WriteTextString(p.Digest)),
            ("timestamp", w => w.WriteUInt64(p.TimestampMilliseconds)),
            ("pcrs", w => WritePcrs(w, p.Pcrs.Select(kv => ((ulong)kv.Key, kv.Value)))),
            ("certificate", w => w.WriteByteString(p.Certificate)),
            ("cabundle", w => WriteArray(w, p.CaBundle)),
            ("public_key", w => w.WriteNull()),
            ("user_data", w => w.WriteByteString(p.UserData!)),
            ("nonce", w => w.WriteByteString(p.Nonce!)),
        ];
    }

    public static byte[] EncodePayload(IEnumerable<(string Key, Action<CborWriter> Write)> fields)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(null);
        foreach (var (key, write) in fields)
        {
            writer.WriteTextString(key);
            write(writer);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    public static List<(string Key, Action<CborWriter> Write)> Replace(
        this List<(string Key, Action<CborWriter> Write)> fields, string key, Action<CborWriter> write)
    {
        var index = fields.FindIndex(f => f.Key == key);
        fields[index] = (key, write);
        return fields;
    }

    public static List<(string Key, Action<CborWriter> Write)> Without(this List<(string Key, Action<CborWriter> Write)> fields, string key)
    {
        fields.RemoveAll(f => f.Key == key);
        return fields;
    }

    /// <summary>A syntactically valid ES384 document around <paramref name="payload"/> with a dummy signature.</summary>
    public static byte[] Unsigned(byte[] payload) => EncodeSign1(Es384Header, payload, new byte[96]);

    public static void WritePcrs(CborWriter writer, IEnumerable<(ulong Index, byte[] Value)> pcrs)
    {
        var list = pcrs.ToList();
        writer.WriteStartMap(list.Count);
        foreach (var (index, value) in list)
        {
            writer.WriteUInt64(index);
            writer.WriteByteString(value);
        }

        writer.WriteEndMap();
    }

    public static void WriteArray(CborWriter writer, IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        writer.WriteStartArray(list.Count);
        foreach (var item in list)
        {
            writer.WriteByteString(item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Signs <paramref name="payload"/> as the NSM would, with <paramref name="leafKey"/>; untagged.</summary>
    public static byte[] Sign(byte[] payload, ECDsa leafKey) =>
        SimulatedNitroInputs.Untag(CoseSign1Message.SignEmbedded(payload, new CoseSigner(leafKey, HashAlgorithmName.SHA384)));

    /// <summary>A document from <paramref name="platform"/>'s intermediate with a leaf key and cabundle of the test's choosing.</summary>
    public static byte[] CustomDocument(SimulatedNitroPlatform platform, ECDsa leafKey, Func<X509Certificate2, IReadOnlyList<byte[]>>? caBundle = null, DateTimeOffset? time = null)
    {
        var now = time ?? DateTimeOffset.UtcNow;
        using var leaf = SimulatedNitroPki.CreateLeaf("i-test-enc0", platform.State.Intermediate, platform.State.IntermediateKey, leafKey, now);
        var bundle = caBundle?.Invoke(leaf) ?? [platform.Root.RawData, platform.Intermediate.RawData];
        var pcrs = Enumerable.Range(0, 16).ToDictionary(i => i, i => Enumerable.Repeat((byte)(i + 1), 48).ToArray());
        var payload = SimulatedNitroPayloadWriter.Write("i-test-enc0", (ulong)now.ToUnixTimeMilliseconds(), pcrs, leaf.RawData, bundle, null, null, null);
        return Sign(payload, leafKey);
    }

    public static VerificationContext TrustingSimulated(SimulatedNitroPlatform platform, DateTimeOffset? time = null) => new()
    {
        Time = time ?? DateTimeOffset.UtcNow,
        AllowSimulated = true,
        SimulatedRoots = [platform.Root],
    };
}
