using OpenCcm.Oci.Model;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// A staged blob upload to a registry (distribution-spec "Pushing a blob in chunks", with one chunk): POST opens the
/// session, one PATCH streams the whole body as the caller writes it, and only the closing PUT with the digest commits
/// it. Until then the registry holds the bytes in the session, invisible; an abandoned session is cancelled (DELETE).
/// No client-side hash: the registry hashes the body and refuses a commit whose digest differs.
/// </summary>
internal sealed class RegistryStagedUpload : IStagedBlobUpload
{
    private readonly RegistryRepository _repository;
    private readonly PushedContent _body;
    private readonly Task<Uri> _patch;
    private Uri _location;
    private Stream? _transport;
    private long _written;
    private bool _committed;
    private bool _disposed;

    private RegistryStagedUpload(RegistryRepository repository, OciDescriptor blob, Uri location)
    {
        _repository = repository;
        Blob = blob;
        _location = location;
        _body = new PushedContent(blob.Size);
        // An empty blob needs no PATCH (its range would be empty): the commit alone carries it.
        _patch = blob.Size == 0 ? Task.FromResult(location) : SendBodyAsync();
    }

    public OciDescriptor Blob { get; }

    internal static RegistryStagedUpload Start(RegistryRepository repository, OciDescriptor blob, Uri location) => new(repository, blob, location);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_written + data.Length > Blob.Size)
        {
            throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {Blob.Digest} is longer than its declared {Blob.Size} bytes.");
        }

        try
        {
            _transport ??= await _body.Transport.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _transport.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OciException && !cancellationToken.IsCancellationRequested)
        {
            _body.Abort(e);
            throw new OciException(OciErrorCodes.ConnectionFailed, $"Staged upload of blob {Blob.Digest} to {_repository.Repository} failed: {e.Message}", e);
        }

        _written += data.Length;
        if (_written == Blob.Size)
        {
            _body.Complete();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_written != Blob.Size)
        {
            throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {Blob.Digest} is {_written} bytes, its descriptor says {Blob.Size}; nothing was pushed.");
        }

        _location = await _patch.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _repository.CommitUploadAsync(_location, Blob, cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed || _disposed)
        {
            return;
        }

        _disposed = true;
        _body.Abort(new OciException(OciErrorCodes.ConnectionFailed, $"The staged upload of {Blob.Digest} was abandoned."));
        try
        {
            _location = await _patch.ConfigureAwait(false);
        }
        catch (OciException)
        {
            // The body was cut short on purpose, or had failed already: the session is cancelled below either way.
        }

        await _repository.CancelUploadAsync(_location).ConfigureAwait(false);
    }

    private async Task<Uri> SendBodyAsync()
    {
        try
        {
            return await _repository.PatchUploadAsync(_location, _body, Blob.Size).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OciException)
        {
            // An aborted body surfaces as whatever the handler makes of it (cancellation included): one code for all.
            throw new OciException(OciErrorCodes.ConnectionFailed, $"The upload of blob {Blob.Digest} to {_repository.Repository} failed: {e.Message}", e);
        }
        finally
        {
            // A request that ended before its body was taken (refused connection, early answer) must not leave the writer waiting.
            _body.Abort(new OciException(OciErrorCodes.ConnectionFailed, $"The upload of blob {Blob.Digest} ended before its body was sent."));
        }
    }
}
