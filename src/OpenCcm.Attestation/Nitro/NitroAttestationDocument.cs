using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// An AWS Nitro Enclaves attestation document (evidence-formats.md §9): a COSE_Sign1 whose payload is a CBOR map
/// signed with ES384 by a short-lived leaf certificate chaining to the AWS Nitro root. Parsing checks structure
/// and field rules only; <see cref="NitroAttestationVerifier"/> checks the chain and the signature.
/// </summary>
public sealed class NitroAttestationDocument
{
    /// <summary>The only protected header AWS emits and we accept: CBOR map {1 (alg): -35 (ES384)} (RFC 8152 §8.1).</summary>
    internal static ReadOnlySpan<byte> Es384ProtectedHeader => [0xA1, 0x01, 0x38, 0x22];

    /// <summary>ES384 signatures are r||s, two 48-byte big-endian integers (RFC 8152 §8.1).</summary>
    internal const int Es384SignatureLength = 96;

    private NitroAttestationDocument(CoseSign1Message message, NitroPayload payload)
    {
        Message = message;
        Payload = payload;
    }

    internal NitroPayload Payload { get; }

    /// <summary>The module (enclave) id, e.g. <c>i-02e3a660059b27d87-enc017bca11991e5083</c>.</summary>
    public string ModuleId => Payload.ModuleId;

    /// <summary>The PCR bank's digest, always "SHA384".</summary>
    public string Digest => Payload.Digest;

    /// <summary>When the Nitro hypervisor made the document: milliseconds since the Unix epoch, as in the payload.</summary>
    public ulong TimestampMilliseconds => Payload.TimestampMilliseconds;

    /// <summary><see cref="TimestampMilliseconds"/> as an instant (UTC).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds((long)Payload.TimestampMilliseconds);

    /// <summary>PCR index → value, in index order.</summary>
    public IReadOnlyDictionary<int, byte[]> Pcrs => Payload.Pcrs;

    /// <summary>The signing (leaf) certificate, DER as received.</summary>
    public byte[] Certificate => Payload.Certificate;

    /// <summary>The CA bundle as AWS orders it: root first, then intermediates down to the leaf's issuer.</summary>
    public IReadOnlyList<byte[]> CaBundle => Payload.CaBundle;

    public byte[]? PublicKey => Payload.PublicKey;

    public byte[]? UserData => Payload.UserData;

    public byte[]? Nonce => Payload.Nonce;

    /// <summary>
    /// True when PCR0, PCR1 and PCR2 are zero: Nitro reports zeros for them in debug mode [S17]. An absent PCR
    /// counts as zero so a document that omits them can never pass for a production enclave.
    /// </summary>
    public bool IsDebug => IsZeroOrAbsent(0) && IsZeroOrAbsent(1) && IsZeroOrAbsent(2);

    /// <summary>The decoded COSE message; its signature is checked by <see cref="NitroAttestationVerifier"/>.</summary>
    internal CoseSign1Message Message { get; }

    /// <summary>
    /// Decodes a document from raw COSE_Sign1 bytes (tag 18 optional) or from base64 text of them.
    /// Throws <see cref="EvidenceFormatException"/> with a specific code for anything malformed.
    /// </summary>
    public static NitroAttestationDocument Parse(ReadOnlyMemory<byte> evidence)
    {
        var bytes = NitroEnvelope.Unwrap(evidence);
        var message = DecodeCose(bytes.Span);
        if (!message.RawProtectedHeaders.Span.SequenceEqual(Es384ProtectedHeader))
        {
            throw new EvidenceFormatException(
                FindingCodes.NitroAlgorithmUnsupported,
                $"The protected header must be {{1: -35}} (a1013822, ES384); got {Bytes.Hex(message.RawProtectedHeaders.Span)}.");
        }

        if (message.Content is not { } content)
        {
            throw new EvidenceFormatException(FindingCodes.NitroCoseInvalid, "The COSE_Sign1 payload is detached (nil); an attestation document embeds it.");
        }

        if (message.Signature.Length != Es384SignatureLength)
        {
            throw new EvidenceFormatException(
                FindingCodes.NitroCoseInvalid, $"An ES384 signature is {Es384SignatureLength} bytes (r||s), got {message.Signature.Length}.");
        }

        return new NitroAttestationDocument(message, NitroPayloadReader.Read(content));
    }

    private bool IsZeroOrAbsent(int pcr) => !Pcrs.TryGetValue(pcr, out var value) || !value.AsSpan().ContainsAnyExcept((byte)0);

    private static CoseSign1Message DecodeCose(ReadOnlySpan<byte> bytes)
    {
        try
        {
            // Accepts an untagged array or tag 18; rejects other tags, arrays not of 4 and trailing bytes.
            return CoseMessage.DecodeSign1(bytes);
        }
        catch (Exception e) when (e is CryptographicException or CborContentException or InvalidOperationException or ArgumentException)
        {
            throw new EvidenceFormatException(FindingCodes.NitroCoseInvalid, "Not a COSE_Sign1 message: " + e.Message);
        }
    }
}
