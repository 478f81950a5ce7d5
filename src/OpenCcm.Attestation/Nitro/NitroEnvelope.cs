using System.Buffers.Text;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Recognises the two ways attestation documents travel: raw COSE_Sign1 bytes (what the NSM returns) and base64
/// text of them (how HTTP APIs and fixtures carry them). Raw documents start with 0x84 (array of 4) or 0xD2 (tag 18),
/// neither of which is a base64 character, so the two forms cannot be confused.
/// </summary>
internal static class NitroEnvelope
{
    // Array(4), then bstr(4) holding the ES384 protected header; optionally preceded by tag 18 (0xD2).
    private static ReadOnlySpan<byte> UntaggedPrefix => [0x84, 0x44, 0xA1, 0x01, 0x38, 0x22];

    private const byte Sign1Tag = 0xD2;

    // Base64 of the untagged prefix needs 8 characters; 12 cover the tagged one.
    private const int SniffCharacters = 12;

    /// <summary>Returns the raw bytes: the input itself, or its decoding when the input is base64 of something that starts like a COSE_Sign1.</summary>
    public static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> evidence)
    {
        var span = evidence.Span;
        if (span.IsEmpty || span[0] is 0x84 or Sign1Tag || !Base64.IsValid(span, out var decodedLength) || decodedLength == 0)
        {
            return evidence;
        }

        var decoded = new byte[decodedLength];
        // IsValid accepted the text (whitespace allowed); Convert decodes it with the same rules.
        if (!Convert.TryFromBase64String(System.Text.Encoding.ASCII.GetString(span), decoded, out var written) || written == 0 || decoded[0] is not (0x84 or Sign1Tag))
        {
            return evidence;
        }

        return decoded.AsMemory(0, written);
    }

    /// <summary>A cheap check that the bytes (raw or base64) begin like an ES384 COSE_Sign1.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> evidence)
    {
        if (StartsLikeCose(evidence))
        {
            return true;
        }

        var text = evidence.TrimStart(" \t\r\n"u8);
        if (text.Length < SniffCharacters)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[SniffCharacters / 4 * 3];
        return Base64.DecodeFromUtf8(text[..SniffCharacters], prefix, out _, out var written, isFinalBlock: false) == System.Buffers.OperationStatus.Done
            && StartsLikeCose(prefix[..written]);
    }

    private static bool StartsLikeCose(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[0] == Sign1Tag)
        {
            bytes = bytes[1..];
        }

        return bytes.StartsWith(UntaggedPrefix);
    }
}
