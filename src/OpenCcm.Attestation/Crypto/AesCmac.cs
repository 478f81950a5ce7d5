using System.Security.Cryptography;

namespace OpenCcm.Attestation.Crypto;

/// <summary>
/// AES-CMAC (RFC 4493; NIST SP 800-38B), the MAC of an SGX REPORT (evidence-formats.md §1.4). .NET has no CMAC
/// class, so this composes it from the platform's AES: the subkeys come from one ECB block, the chaining from one
/// CBC pass with a zero IV (CBC-MAC), whose last block is the tag.
/// </summary>
public static class AesCmac
{
    /// <summary>The tag length (one AES block).</summary>
    public const int MacSize = 16;

    private const int BlockSize = 16;

    // The constant R_b of RFC 4493 §2.3 for 128-bit blocks.
    private const byte Rb = 0x87;

    // Messages up to this size are handled on the stack (an SGX REPORT body is 384 bytes).
    private const int StackLimit = 1024;

    /// <summary>Computes the 16-byte tag of <paramref name="message"/> under an AES key of 16, 24 or 32 bytes.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var mac = new byte[MacSize];
        Compute(key, message, mac);
        return mac;
    }

    /// <summary>Writes the 16-byte tag of <paramref name="message"/> to <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(key));
        }

        if (destination.Length < MacSize)
        {
            throw new ArgumentException($"The destination must hold {MacSize} bytes.", nameof(destination));
        }

        using var aes = Aes.Create();
        aes.SetKey(key);

        // RFC 4493 §2.3: L = AES(K, 0^128); K1 = L << 1 (xor Rb if msb(L)); K2 = K1 << 1 (likewise).
        Span<byte> subkey = stackalloc byte[BlockSize];
        aes.EncryptEcb(stackalloc byte[BlockSize], subkey, PaddingMode.None);
        ShiftLeftOneBit(subkey);

        // RFC 4493 §2.4: the last block is complete (xor K1) or padded with 10* (xor K2); the empty message is one padded block.
        var blocks = Math.Max(1, (message.Length + BlockSize - 1) / BlockSize);
        var paddedLength = blocks * BlockSize;
        var complete = message.Length > 0 && message.Length % BlockSize == 0;
        if (!complete)
        {
            ShiftLeftOneBit(subkey);
        }

        Span<byte> buffer = paddedLength <= StackLimit ? stackalloc byte[paddedLength * 2] : new byte[paddedLength * 2];
        var input = buffer[..paddedLength];
        var output = buffer[paddedLength..];
        message.CopyTo(input);
        if (!complete)
        {
            input[message.Length] = 0x80;
            input[(message.Length + 1)..].Clear();
        }

        var last = input[^BlockSize..];
        for (var i = 0; i < BlockSize; i++)
        {
            last[i] ^= subkey[i];
        }

        aes.EncryptCbc(input, stackalloc byte[BlockSize], output, PaddingMode.None);
        output[^BlockSize..].CopyTo(destination);
        CryptographicOperations.ZeroMemory(buffer);
        CryptographicOperations.ZeroMemory(subkey);
    }

    /// <summary>Shifts a block left by one bit and, when its most significant bit was set, xors R_b into the last byte.</summary>
    private static void ShiftLeftOneBit(Span<byte> block)
    {
        var carry = (block[0] & 0x80) != 0;
        for (var i = 0; i < BlockSize - 1; i++)
        {
            block[i] = (byte)((block[i] << 1) | (block[i + 1] >> 7));
        }

        block[^1] = (byte)(block[^1] << 1);
        if (carry)
        {
            block[^1] ^= Rb;
        }
    }
}
