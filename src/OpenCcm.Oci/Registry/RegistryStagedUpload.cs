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
    private readonly TimeSpan _stallTimeout;
    private readonly CancellationTokenSource _abort = new();
    private readonly PushedContent _body;
    private readonly Task<Uri> _patch;
    private Uri _location;
    private Stream? _transport;
    private long _written;
    private bool _committed;
    private bool _disposed;

    private RegistryStagedUpload(RegistryRepository repository, OciDescriptor blob, Uri location, TimeSpan stallTimeout)
    {
        _repository = repository;
        _stallTimeout = stallTimeout;
        Blob = blob;
        _location = location;
        _body = new PushedContent(blob.Size);
        // An empty blob needs no PATCH (its range would be empty): the commit alone carries it.
        _patch = blob.Size == 0 ? Task.FromResult(location) : SendBodyAsync();
    }

    public OciDescriptor Blob { get; }

    internal static RegistryStagedUpload Start(RegistryRepository repository, OciDescriptor blob, Uri location, TimeSpan stallTimeout) =>
        new(repository, blob, location, stallTimeout);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_written + data.Length > Blob.Size)
        {
            throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {Blob.Digest} is longer than its declared {Blob.Size} bytes.");
        }

        try
        {
            _transport ??= await _body.Transport.WaitAsync(_stallTimeout, cancellationToken).ConfigureAwait(false);
            var write = _transport.WriteAsync(data, cancellationToken);
            if (!write.IsCompletedSuccessfully)
            {
                await WithinStallTimeoutAsync(write.AsTask(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OciException && !cancellationToken.IsCancellationRequested)
        {
            Abandon(e);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
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
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_committed)
        {
            Abandon(new OciException(OciErrorCodes.ConnectionFailed, $"The staged upload of {Blob.Digest} was abandoned."));
            try
            {
                _location = await _patch.ConfigureAwait(false);
            }
            catch (OciException)
            {
                // The body was cut short on purpose, or had failed already: the session is cancelled below either way.
            }

            // Best effort, and bounded: a registry that stopped answering must not hold up the refusal being reported.
            await _repository.CancelUploadAsync(_location, _stallTimeout).ConfigureAwait(false);
        }

        _abort.Dispose();
    }

    /// <summary>
    /// Waits for a write the transport did not take at once. The transport's writes ignore their token (the request's
    /// own token aborts the connection), so a stuck one is ended by cancelling the request.
    /// </summary>
    private async Task WithinStallTimeoutAsync(Task write, CancellationToken cancellationToken)
    {
        try
        {
            await write.WaitAsync(_stallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            _ = write.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            Abandon(e);
            throw new OciException(OciErrorCodes.ConnectionFailed, $"Staged upload of blob {Blob.Digest} to {_repository.Repository} made no progress for {_stallTimeout}.", e);
        }
    }

    /// <summary>Ends the body short and the request with it (connection closed): nothing it carried can be committed.</summary>
    private void Abandon(Exception reason)
    {
        _body.Abort(reason);
        _abort.Cancel();
    }

    private async Task<Uri> SendBodyAsync()
    {
        try
        {
            return await _repository.PatchUploadAsync(_location, _body, Blob.Size, _abort.Token).ConfigureAwait(false);
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
