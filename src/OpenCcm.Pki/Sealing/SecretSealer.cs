using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Pki.Sealing;

/// <summary>
/// Seals secrets (CA keys, tokens' keys...) under the master key with AES-256-GCM. Blob layout:
/// version (1) | master key id (8) | nonce (12) | ciphertext | tag (16). The associated data is the version, the
/// key id and the purpose, so a blob sealed for one purpose (e.g. one zone's CA key) cannot be unsealed as
/// another. Random 96-bit nonces are safe up to 2^32 seals per key (NIST SP 800-38D §8.3), far more than a
/// manager's secrets need. Thread-safe (one AesGcm per call: its instances are not).
/// </summary>
public sealed class SecretSealer : IDisposable
{
    public const byte Version = 1;
    public const int NonceLength = 12;
    public const int TagLength = 16;
    public const int MaxPurposeLength = 256;

    private const int HeaderLength = 1 + MasterKey.KeyIdLength;
    private const int Overhead = HeaderLength + NonceLength + TagLength;

    private readonly byte[] _key;
    private readonly byte[] _keyId;

    public SecretSealer(MasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        _key = masterKey.DeriveKey("OpenCCM secret sealing v1 (AES-256-GCM)");
        _keyId = masterKey.KeyId;
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var blob = new byte[Overhead + plaintext.Length];
        blob[0] = Version;
        _keyId.CopyTo(blob.AsSpan(1));
        var nonce = blob.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = blob.AsSpan(HeaderLength + NonceLength, plaintext.Length);
        var tag = blob.AsSpan(blob.Length - TagLength);
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(blob.AsSpan(0, HeaderLength), purpose));
        return blob;
    }

    /// <summary>
    /// The plaintext of <paramref name="blob"/>, or <see cref="PkiException"/>: SealedBlobMalformed (truncated, unknown
    /// version), SealedBlobWrongKey (another master key), SealedBlobAuthenticationFailed (any altered byte, or another purpose).
    /// </summary>
    public UnsealedSecret Unseal(ReadOnlySpan<byte> blob, string purpose)
    {
        if (blob.Length < Overhead)
        {
            throw new PkiException(PkiErrorCode.SealedBlobMalformed, $"A sealed blob has at least {Overhead} bytes, this one {blob.Length}.");
        }

        if (blob[0] != Version)
        {
            throw new PkiException(PkiErrorCode.SealedBlobMalformed, $"Sealed blob version {blob[0]} is not supported (expected {Version}).");
        }

        if (!blob.Slice(1, MasterKey.KeyIdLength).SequenceEqual(_keyId))
        {
            throw new PkiException(
                PkiErrorCode.SealedBlobWrongKey,
                $"The blob was sealed under master key {Convert.ToHexStringLower(blob.Slice(1, MasterKey.KeyIdLength))}, not {Convert.ToHexStringLower(_keyId)}.");
        }

        var associatedData = AssociatedData(blob[..HeaderLength], purpose);
        var plaintext = GC.AllocateArray<byte>(blob.Length - Overhead, pinned: true);
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(blob.Slice(HeaderLength, NonceLength), blob.Slice(HeaderLength + NonceLength, plaintext.Length), blob[^TagLength..], plaintext, associatedData);
            return new UnsealedSecret(plaintext);
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new PkiException(
                PkiErrorCode.SealedBlobAuthenticationFailed, $"The sealed blob was altered or was not sealed for purpose '{purpose}'.", e);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Header then the purpose, length-prefixed so no two (header, purpose) pairs share associated data.</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        if (purpose.Length is 0 or > MaxPurposeLength)
        {
            throw new PkiException(PkiErrorCode.SealPurposeInvalid, $"A sealing purpose has 1 to {MaxPurposeLength} characters.");
        }

        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var data = new byte[header.Length + 2 + purposeBytes.Length];
        header.CopyTo(data);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(header.Length), (ushort)purposeBytes.Length);
        purposeBytes.CopyTo(data.AsSpan(header.Length + 2));
        return data;
    }
}
