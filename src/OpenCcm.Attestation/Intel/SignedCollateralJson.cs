using System.Text;
using System.Text.Json;

namespace OpenCcm.Attestation.Intel;

/// <summary>
/// Finds the exact signed bytes and the signature in Intel's signed JSON collateral, in both shapes seen in the wild:
/// PCS's <c>{"tcbInfo":{…},"signature":"hex r||s"}</c> (the signed bytes are the value's text as served, never
/// re-serialised) and Fortanix's <c>{"raw_tcb_info":"…","signature":[DER bytes],"ca_chain":[PEM…]}</c>.
/// </summary>
internal static class SignedCollateralJson
{
    public sealed record Parts(byte[] SignedBytes, byte[] SignatureP1363, IReadOnlyList<string> IssuerChainPem);

    /// <summary>Returns null when the JSON has neither <paramref name="property"/> nor its Fortanix raw form.</summary>
    public static Parts? TryRead(ReadOnlySpan<byte> json, string property, string fortanixRawProperty)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        byte[]? signed = null;
        byte[]? signature = null;
        var chain = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == property && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                signed = json[start..(int)reader.BytesConsumed].ToArray();
            }
            else if (name == fortanixRawProperty && reader.TokenType == JsonTokenType.String)
            {
                signed = Encoding.UTF8.GetBytes(reader.GetString()!);
            }
            else if (name == "signature" && reader.TokenType == JsonTokenType.String)
            {
                signature = ParseHexSignature(reader.GetString()!);
            }
            else if (name == "signature" && reader.TokenType == JsonTokenType.StartArray)
            {
                signature = ParseDerSignatureArray(ref reader);
            }
            else if (name == "ca_chain" && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    chain.Add(reader.GetString()!);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (signed is null)
        {
            return null;
        }

        if (signature is null)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, $"Signed collateral '{property}' has no usable signature.");
        }

        return new Parts(signed, signature, chain);
    }

    private static byte[] ParseHexSignature(string hex)
    {
        if (hex.Length != 128)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Collateral signature must be 128 hex characters (r||s).");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Collateral signature is not hex.");
        }
    }

    private static byte[] ParseDerSignatureArray(ref Utf8JsonReader reader)
    {
        var der = new List<byte>();
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetByte(out var b))
            {
                throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Collateral signature array holds a value that is not a byte.");
            }

            der.Add(b);
        }

        var p1363 = new byte[64];
        if (!TryDerToP1363(der.ToArray(), p1363))
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Collateral DER signature is malformed.");
        }

        return p1363;
    }

    private static bool TryDerToP1363(byte[] der, byte[] destination)
    {
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
            var s = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
            sequence.ThrowIfNotEmpty();
            if (r.Length > 32 || s.Length > 32)
            {
                return false;
            }

            Array.Clear(destination);
            r.CopyTo(destination.AsSpan(32 - r.Length));
            s.CopyTo(destination.AsSpan(64 - s.Length));
            return true;
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }
}
