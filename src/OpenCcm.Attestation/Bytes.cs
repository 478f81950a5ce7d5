namespace OpenCcm.Attestation;

/// <summary>Bounds-checked slicing for binary parsers: every slice of untrusted bytes goes through here.</summary>
internal static class Bytes
{
    /// <summary>Returns <paramref name="length"/> bytes at <paramref name="offset"/>, or throws a format error naming <paramref name="what"/>.</summary>
    public static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> data, int offset, int length, string what)
    {
        if (offset < 0 || length < 0 || (long)offset + length > data.Length)
        {
            throw new EvidenceFormatException(
                $"Truncated: {what} needs bytes [{offset}, {(long)offset + length}) but only {data.Length} are present.");
        }

        return data.Slice(offset, length);
    }

    /// <summary>Throws unless <paramref name="data"/> is exactly <paramref name="length"/> bytes long.</summary>
    public static void RequireLength(ReadOnlySpan<byte> data, int length, string what)
    {
        if (data.Length != length)
        {
            throw new EvidenceFormatException($"{what} must be {length} bytes, got {data.Length}.");
        }
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
