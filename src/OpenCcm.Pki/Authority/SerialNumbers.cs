using System.Security.Cryptography;

namespace OpenCcm.Pki.Authority;

/// <summary>Certificate serial numbers: 16 random bytes, positive (RFC 5280 §4.1.2.2: ≤ 20 octets, unpredictable).</summary>
internal static class SerialNumbers
{
    public const int Length = 16;

    public static byte[] Create()
    {
        var serial = RandomNumberGenerator.GetBytes(Length);
        // Top bit clear keeps the INTEGER positive; the next bit set keeps it exactly 16 bytes (no leading zero octet
        // that DER would strip), so every serial has the same length in the database and on the CRL. 126 random bits.
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }
}
