using System.Numerics;
using System.Security.Cryptography;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// The RSA arithmetic of a SIGSTRUCT (evidence-formats.md §6): RSA-3072, e = 3, RSASSA-PKCS1-v1_5 with SHA-256,
/// little-endian integers, and the Q1/Q2 helper values EINIT uses to check the signature without division.
/// </summary>
internal static class SigstructRsa
{
    public const int PublicExponent = 3;

    /// <summary>Bytes [0,128) || [900,1028) of a SIGSTRUCT: the 256-byte message that is signed.</summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> sigstruct)
    {
        var message = new byte[SigstructLayout.SignedHeaderLength + SigstructLayout.SignedBodyLength];
        sigstruct[..SigstructLayout.SignedHeaderLength].CopyTo(message);
        sigstruct.Slice(SigstructLayout.MiscSelect, SigstructLayout.SignedBodyLength).CopyTo(message.AsSpan(SigstructLayout.SignedHeaderLength));
        return message;
    }

    /// <summary>Verifies a little-endian signature with a little-endian modulus and e = 3. Never throws.</summary>
    public static bool VerifySignature(ReadOnlySpan<byte> modulusLe, ReadOnlySpan<byte> signatureLe, ReadOnlySpan<byte> message)
    {
        try
        {
            using var rsa = RSA.Create(new RSAParameters { Modulus = Reverse(modulusLe), Exponent = [PublicExponent] });
            return rsa.VerifyData(message, Reverse(signatureLe), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            // A tampered modulus (e.g. a leading zero byte or an even number) is not a usable key: not verified.
            return false;
        }
    }

    /// <summary>Q1 = ⌊S² / N⌋ and Q2 = ⌊(S³ − Q1·S·N) / N⌋; null when N is zero.</summary>
    public static (BigInteger Q1, BigInteger Q2)? ComputeQ1Q2(ReadOnlySpan<byte> modulusLe, ReadOnlySpan<byte> signatureLe)
    {
        var n = new BigInteger(modulusLe, isUnsigned: true);
        var s = new BigInteger(signatureLe, isUnsigned: true);
        if (n.IsZero)
        {
            return null;
        }

        var q1 = BigInteger.Divide(s * s, n);
        var q2 = BigInteger.Divide((s * s * s) - (q1 * s * n), n);
        return (q1, q2);
    }

    /// <summary>True when the stored Q1 and Q2 equal the values computed from the modulus and signature.</summary>
    public static bool Q1Q2Match(ReadOnlySpan<byte> modulusLe, ReadOnlySpan<byte> signatureLe, ReadOnlySpan<byte> q1Le, ReadOnlySpan<byte> q2Le)
    {
        var computed = ComputeQ1Q2(modulusLe, signatureLe);
        return computed is { } q
            && q.Q1 == new BigInteger(q1Le, isUnsigned: true)
            && q.Q2 == new BigInteger(q2Le, isUnsigned: true);
    }

    /// <summary>Writes a non-negative integer as a fixed-width little-endian field; false when it does not fit.</summary>
    public static bool TryWriteLittleEndian(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        return value.Sign >= 0 && value.TryWriteBytes(destination, out _, isUnsigned: true, isBigEndian: false);
    }

    public static byte[] Reverse(ReadOnlySpan<byte> value)
    {
        var copy = value.ToArray();
        Array.Reverse(copy);
        return copy;
    }
}
