using System.Buffers.Text;
using System.Security.Cryptography;

namespace OpenCcm.Core.Security;

/// <summary>Makes bearer tokens: 32 random bytes, base64url, behind a short prefix that says what the token is.</summary>
public static class SecretToken
{
    /// <summary>A new token such as <c>ccmj_3q2…</c> for prefix <c>ccmj</c>.</summary>
    public static string Generate(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return prefix + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    }
}
