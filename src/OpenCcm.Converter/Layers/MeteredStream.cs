using System.Security.Cryptography;

namespace OpenCcm.Converter.Layers;

/// <summary>
/// Read-only pass-through that hashes (SHA-256) and counts what is read, and stops past a byte limit. With
/// <paramref name="knownLength"/> it reports that length and its position as a seekable stream does (TarWriter needs
/// the size of an entry's data up front), without seeking.
/// </summary>
internal sealed class MeteredStream(Stream inner, long maxBytes, string what, long? knownLength = null) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long position;

    public long BytesRead => position;

    public override bool CanRead => true;
    public override bool CanSeek => knownLength is not null;
    public override bool CanWrite => false;
    public override long Length => knownLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => _ = value == position ? value : throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of everything read so far.</summary>
    public byte[] CurrentHash() => hash.GetCurrentHash();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer[..inner.Read(buffer)]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    private int Account(ReadOnlySpan<byte> read)
    {
        position += read.Length;
        if (position > maxBytes)
        {
            throw new ConversionException(ConversionErrorCodes.SizeLimitExceeded, $"The {what} exceeds {maxBytes} bytes.");
        }

        hash.AppendData(read);
        return read.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        (origin == SeekOrigin.Current && offset == 0) || (origin == SeekOrigin.Begin && offset == position) ? position : throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
