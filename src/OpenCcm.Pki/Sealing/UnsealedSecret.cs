using System.Security.Cryptography;

namespace OpenCcm.Pki.Sealing;

/// <summary>Plaintext from <see cref="SecretSealer.Unseal"/>, in a pinned buffer zeroed on dispose: use it with <c>using</c>.</summary>
public sealed class UnsealedSecret : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    internal UnsealedSecret(byte[] pinnedBytes) => _bytes = pinnedBytes;

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }
    }
}
