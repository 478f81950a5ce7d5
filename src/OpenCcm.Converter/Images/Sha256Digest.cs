using System.Buffers;
using System.Security.Cryptography;

namespace OpenCcm.Converter.Images;

/// <summary>OCI digests of the form "sha256:" + 64 lowercase hex digits (the only algorithm the converter accepts).</summary>
public static class Sha256Digest
{
    public const string Prefix = "sha256:";

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The digest string of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Format(SHA256.HashData(bytes));

    /// <summary>"sha256:" + lowercase hex of a 32-byte hash.</summary>
    public static string Format(ReadOnlySpan<byte> hash) => Prefix + Convert.ToHexStringLower(hash);

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Prefix, StringComparison.Ordinal)
        && digest.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHex) is false;

    /// <summary>The 32 hash bytes of a valid digest.</summary>
    /// <exception cref="ConversionException">DigestInvalid.</exception>
    public static byte[] Parse(string? digest) =>
        IsValid(digest)
            ? Convert.FromHexString(digest.AsSpan(Prefix.Length))
            : throw new ConversionException(ConversionErrorCodes.DigestInvalid, $"'{digest}' is not a sha256 digest.");
}
