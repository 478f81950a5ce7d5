using System.Security.Cryptography;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>
/// A read-only stream over untrusted blob content that hashes every byte it passes on and, at the end, throws unless
/// the size and SHA-256 are the descriptor's. Too many bytes fail at once, so a lying source cannot stream forever.
/// </summary>
public sealed class VerifiedBlobStream : Stream
{
    private readonly Stream _inner;
    private readonly IDisposable? _owner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _expectedHash;
    private long _read;

    public VerifiedBlobStream(Stream inner, OciDescriptor descriptor, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(descriptor);
        _inner = inner;
        _owner = owner;
        Descriptor = descriptor;
        _expectedHash = OciDigest.ToBytes(descriptor.Digest);
    }

    public OciDescriptor Descriptor { get; }

    /// <summary>True once the whole content was read and matched the descriptor.</summary>
    public bool IsVerified { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => Descriptor.Size;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads (and discards) whatever the consumer left, then verifies: for consumers that stop early.</summary>
    public async Task VerifyToEndAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Account(buffer[..read], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.Length);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner?.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, int requested)
    {
        if (data.Length > 0)
        {
            _read += data.Length;
            if (_read > Descriptor.Size)
            {
                throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Blob {Descriptor.Digest} is longer than its declared {Descriptor.Size} bytes.");
            }

            _hash.AppendData(data);
            return data.Length;
        }

        if (requested > 0 && !IsVerified)
        {
            Verify();
        }

        return 0;
    }

    private void Verify()
    {
        if (_read != Descriptor.Size)
        {
            throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Blob {Descriptor.Digest} ended after {_read} of its declared {Descriptor.Size} bytes.");
        }

        Span<byte> actual = stackalloc byte[32];
        _hash.GetCurrentHash(actual);
        if (!CryptographicOperations.FixedTimeEquals(actual, _expectedHash))
        {
            throw new OciException(OciErrorCodes.BlobDigestMismatch,
                $"Blob content does not match its digest: expected {Descriptor.Digest}, got {OciDigest.Format(actual)}. Nothing derived from it may be used.");
        }

        IsVerified = true;
    }
}
