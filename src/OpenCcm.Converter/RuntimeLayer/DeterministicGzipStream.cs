using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace OpenCcm.Converter.RuntimeLayer;

/// <summary>
/// Writes a gzip member (RFC 1952) with a fixed header — no name, MTIME 0, XFL 0, OS 3 (Unix), as <c>gzip -n</c> —
/// around a raw deflate stream at a fixed level, so equal input gives equal bytes on every platform whose zlib gives
/// equal deflate output. (GZipStream's header carries the OS of the machine.)
/// </summary>
internal sealed class DeterministicGzipStream : Stream
{
    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03];

    private readonly Stream output;
    private readonly DeflateStream deflate;
    private readonly Crc32 crc = new();
    private long length;
    private bool closed;

    public DeterministicGzipStream(Stream output, CompressionLevel level)
    {
        this.output = output;
        output.Write(Header);
        deflate = new DeflateStream(output, level, leaveOpen: true);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;
    public override long Position { get => length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        crc.Append(buffer);
        length += buffer.Length;
        deflate.Write(buffer);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closed)
        {
            closed = true;
            deflate.Dispose();
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc.GetCurrentHashAsUInt32());
            BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)length));
            output.Write(trailer);
        }

        base.Dispose(disposing);
    }
}
