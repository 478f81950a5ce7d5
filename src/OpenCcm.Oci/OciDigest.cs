using System.Security.Cryptography;

namespace OpenCcm.Oci;

/// <summary>SHA-256 digests as OCI writes them (descriptor.md "Digests"): "sha256:" + 64 lowercase hex digits.</summary>
public static class OciDigest
{
    public const string Sha256Prefix = "sha256:";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) &&
        digest.AsSpan(Sha256Prefix.Length).ContainsAnyExcept(LowerHex) is false;

    /// <summary>Throws <see cref="OciErrorCodes.DigestInvalid"/> unless <paramref name="digest"/> is a well-formed sha256 digest.</summary>
    public static string Validate(string? digest)
    {
        if (IsValid(digest))
        {
            return digest!;
        }

        var algorithm = digest?.Split(':', 2)[0];
        throw new OciException(OciErrorCodes.DigestInvalid,
            digest is not null && digest.Contains(':', StringComparison.Ordinal) && algorithm != "sha256"
                ? $"Unsupported digest algorithm '{algorithm}': only sha256 is accepted."
                : $"Malformed digest '{digest}': expected sha256: followed by 64 lowercase hex digits.");
    }

    public static string Compute(ReadOnlySpan<byte> content) => Format(SHA256.HashData(content));

    public static string Format(ReadOnlySpan<byte> sha256) => Sha256Prefix + Convert.ToHexStringLower(sha256);

    /// <summary>The 64 hex digits after "sha256:" (the file name under a layout's blobs/sha256/).</summary>
    public static string Hex(string digest) => Validate(digest)[Sha256Prefix.Length..];

    internal static byte[] ToBytes(string digest) => Convert.FromHexString(Hex(digest));
}
