using System.Buffers;
using OpenCcm.Converter.Pipeline;

namespace OpenCcm.Converter.Images;

/// <summary>
/// Read-only buffered pass-through that copies what it reads from <c>inner</c> to an upload (a spool file or a staged
/// upload), reporting progress. It reads ahead in large blocks whatever its consumer asks for (a gzip stream reads
/// 8 KiB at a time): every block is one socket write when the upload streams to a registry, not sixty-four.
/// </summary>
internal sealed class TeeReadStream(Stream inner, LayerUpload? copy, Action<long>? onRead) : Stream
{
    private const int BlockSize = 256 * 1024;
    private byte[]? block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int start;
    private int end;
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(block is null, this);
        if (buffer.Length == 0)
        {
            return 0;
        }

        // The readers here read asynchronously; a synchronous caller waits for the block like any blocking read.
        if (start == end && !FillAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            return 0;
        }

        return CopyTo(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(block is null, this);
        if (buffer.Length == 0)
        {
            return 0;
        }

        if (start == end && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return CopyTo(buffer.Span);
    }

    /// <summary>Reads the next block (short only at the end of the inner stream) and hands it to the upload.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        var read = await inner.ReadAtLeastAsync(block.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        if (copy is not null)
        {
            await copy.WriteAsync(block.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        start = 0;
        end = read;
        position += read;
        onRead?.Invoke(position);
        return true;
    }

    private int CopyTo(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, end - start);
        block.AsSpan(start, count).CopyTo(destination);
        start += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && block is not null)
        {
            ArrayPool<byte>.Shared.Return(block);
            block = null;
        }

        base.Dispose(disposing);
    }
}
