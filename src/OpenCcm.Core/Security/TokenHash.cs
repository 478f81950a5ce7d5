using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Core.Security;

/// <summary>
/// How bearer tokens (join tokens, API and session tokens) are kept: SHA-256 of the token's UTF-8 bytes. Tokens are
/// 256-bit random values, so an unsalted fast hash suffices (there is nothing to brute-force) and allows an
/// indexed look-up by hash.
/// </summary>
public static class TokenHash
{
    /// <summary>Length of a token hash in bytes.</summary>
    public const int Length = 32;

    /// <summary>SHA-256 of the UTF-8 bytes of <paramref name="token"/>.</summary>
    public static byte[] Compute(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }
}
