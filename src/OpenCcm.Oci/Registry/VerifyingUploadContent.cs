using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// The body of a monolithic blob PUT, streamed from <c>content</c> with <c>Content-Length</c> = the descriptor's size.
/// Size and SHA-256 are checked before the last bytes are handed to the transport: on a mismatch the body stays short,
/// so the registry cannot commit it, and <see cref="Failure"/> holds the error to report. A seekable content is
/// rewound when the request is replayed (after a 401); any other content can be sent once.
/// </summary>
internal sealed class VerifyingUploadContent : HttpContent
{
    private readonly Stream _content;
    private readonly OciDescriptor _blob;
    private readonly int _bufferSize;
    private readonly long _start;
    private bool _sent;

    public VerifyingUploadContent(Stream content, OciDescriptor blob, int bufferSize)
    {
        _content = content;
        _blob = blob;
        _bufferSize = bufferSize;
        _start = content.CanSeek ? content.Position : -1;
        Headers.ContentLength = blob.Size;
        Headers.ContentType = new("application/octet-stream");
    }

    /// <summary>Why the body was cut short, when it was.</summary>
    public OciException? Failure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Rewind();
        var buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            long sent = 0;
            while (true)
            {
                var read = await _content.ReadAtLeastAsync(buffer.AsMemory(0, _bufferSize), _bufferSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (sent + read > _blob.Size)
                {
                    throw Fail(OciErrorCodes.BlobSizeMismatch, $"Content for blob {_blob.Digest} is longer than its declared {_blob.Size} bytes; nothing was pushed.");
                }

                hash.AppendData(buffer, 0, read);
                if (sent + read == _blob.Size)
                {
                    // Hold the last bytes back until the whole content is known to be the descriptor's.
                    await RequireEndAsync(cancellationToken).ConfigureAwait(false);
                    RequireDigest(hash);
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (read < _bufferSize)
                {
                    throw Fail(OciErrorCodes.BlobSizeMismatch, $"Content for blob {_blob.Digest} is {sent + read} bytes, its descriptor says {_blob.Size}; nothing was pushed.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _blob.Size;
        return true;
    }

    private void Rewind()
    {
        if (!_sent)
        {
            _sent = true;
            return;
        }

        if (_start < 0)
        {
            throw Fail(OciErrorCodes.RegistryError, $"The upload of blob {_blob.Digest} had to be sent again and its content cannot be re-read.");
        }

        _content.Position = _start;
    }

    private async Task RequireEndAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await _content.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
        {
            throw Fail(OciErrorCodes.BlobSizeMismatch, $"Content for blob {_blob.Digest} is longer than its declared {_blob.Size} bytes; nothing was pushed.");
        }
    }

    private void RequireDigest(IncrementalHash hash)
    {
        var actual = OciDigest.Format(hash.GetCurrentHash());
        if (actual != _blob.Digest)
        {
            throw Fail(OciErrorCodes.BlobDigestMismatch, $"Content for blob {_blob.Digest} hashes to {actual}; nothing was pushed.");
        }
    }

    private OciException Fail(string code, string message) => Failure = new OciException(code, message);
}
