using System.Security.Cryptography;

namespace OpenCcm.Converter.Images;

/// <summary>
/// Read-only pass-through that hashes what is read and, at end of stream, refuses bytes whose SHA-256 or length
/// differ from what was expected. A consumer must read to the end (see <see cref="DrainAsync"/>) for the check to run;
/// reading past the expected size fails at once, so a hostile source cannot stream forever.
/// </summary>
public sealed class VerifyingStream : Stream
{
    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] expectedHash;
    private readonly string expectedDigest;
    private readonly long? expectedSize;
    private readonly string mismatchCode;
    private readonly bool leaveOpen;
    private long position;
    private bool verified;

    /// <param name="mismatchCode">The code when the hash differs: BlobDigestMismatch for blobs, LayerDiffIdMismatch for uncompressed layers.</param>
    public VerifyingStream(Stream inner, string expectedDigest, long? expectedSize, string mismatchCode = ConversionErrorCodes.BlobDigestMismatch, bool leaveOpen = false)
    {
        this.inner = inner;
        this.expectedDigest = expectedDigest;
        expectedHash = Sha256Digest.Parse(expectedDigest);
        this.expectedSize = expectedSize;
        this.mismatchCode = mismatchCode;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => position;

    /// <summary>True once the end was reached and the hash and size matched.</summary>
    public bool Verified => verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read], buffer.Length == 0);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.Length == 0);
    }

    /// <summary>Reads whatever is left, so the digest check runs even when the consumer stopped early (tar padding).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    private int Account(ReadOnlySpan<byte> read, bool emptyRequest)
    {
        if (read.Length == 0 && !emptyRequest)
        {
            Verify();
            return 0;
        }

        if (read.Length == 0)
        {
            return 0; // a zero-length request is not the end of the stream
        }

        position += read.Length;
        if (expectedSize is { } size && position > size)
        {
            throw new ConversionException(ConversionErrorCodes.BlobSizeMismatch, $"The blob {expectedDigest} is longer than its descriptor's {size} bytes.");
        }

        hash.AppendData(read);
        return read.Length;
    }

    private void Verify()
    {
        if (verified)
        {
            return;
        }

        if (expectedSize is { } size && position != size)
        {
            throw new ConversionException(ConversionErrorCodes.BlobSizeMismatch, $"The blob {expectedDigest} has {position} bytes; its descriptor says {size}.");
        }

        Span<byte> actual = stackalloc byte[32];
        hash.GetCurrentHash(actual);
        if (!CryptographicOperations.FixedTimeEquals(actual, expectedHash))
        {
            throw new ConversionException(mismatchCode, $"Content expected to be {expectedDigest} hashes to {Sha256Digest.Format(actual)}.");
        }

        verified = true;
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
            hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
