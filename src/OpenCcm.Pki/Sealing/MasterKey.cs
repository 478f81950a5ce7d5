using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Pki.Sealing;

/// <summary>
/// The cluster master key (DESIGN.md §2): 32 random bytes under which every secret is sealed. Kept in a pinned
/// array (the GC cannot leave copies behind) and zeroed on dispose. Persist it only with <see cref="MasterKeyStore"/>.
/// </summary>
public sealed class MasterKey : IDisposable
{
    public const int Length = 32;
    public const int KeyIdLength = 8;

    private readonly byte[] _key = GC.AllocateArray<byte>(Length, pinned: true);
    private bool _disposed;

    private MasterKey(ReadOnlySpan<byte> key)
    {
        key.CopyTo(_key);
        // Names the key in every blob sealed under it without revealing it: HMAC output, not key material.
        KeyId = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("OpenCCM master key id v1"))[..KeyIdLength];
    }

    /// <summary>Identifies this key in sealed blobs, so a blob from another cluster is named as such, not as tampered.</summary>
    public byte[] KeyId { get; }

    public string KeyIdHex => Convert.ToHexStringLower(KeyId);

    public static MasterKey Generate()
    {
        Span<byte> key = stackalloc byte[Length];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new MasterKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Adopts key bytes received from elsewhere (a joining manager gets them from an attested peer); copies them.</summary>
    public static MasterKey Import(ReadOnlySpan<byte> key) =>
        key.Length == Length ? new MasterKey(key) : throw new ArgumentException($"A master key has {Length} bytes.", nameof(key));

    /// <summary>Copies the raw key out, e.g. into an attested channel to a joining manager. Zero the destination after use.</summary>
    public void Export(Span<byte> destination) => Key.CopyTo(destination);

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }

    internal ReadOnlySpan<byte> Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>A key for one use, so the master key itself never meets a cipher (HKDF-SHA256, RFC 5869).</summary>
    internal byte[] DeriveKey(string use)
    {
        var derived = GC.AllocateArray<byte>(Length, pinned: true);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Key, derived, salt: [], Encoding.ASCII.GetBytes(use));
        return derived;
    }
}
