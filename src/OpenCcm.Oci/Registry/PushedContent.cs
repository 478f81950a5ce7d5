using System.Net;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// A request body written by its producer while the request is in flight (a staged upload's bytes as they are
/// checked), instead of pulled from a stream: the transport stream is handed out and the body ends when the producer
/// calls <see cref="Complete"/>. Sent once: a replay (after a 401) fails, since the bytes are gone.
/// </summary>
internal sealed class PushedContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _transport = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _length;

    public PushedContent(long length)
    {
        _length = length;
        Headers.ContentLength = length;
        Headers.ContentType = new("application/octet-stream");
    }

    /// <summary>The stream to write the body to, once the request's headers are out; faults when the request ended first.</summary>
    public Task<Stream> Transport => _transport.Task;

    /// <summary>Every byte was written: lets the request finish.</summary>
    public void Complete() => _done.TrySetResult();

    /// <summary>Ends the body short, so the request fails and nothing it carried can be committed.</summary>
    public void Abort(Exception reason)
    {
        _transport.TrySetException(reason);
        _done.TrySetException(reason);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_transport.TrySetResult(stream))
        {
            throw new InvalidOperationException("A pushed body can be sent only once.");
        }

        using (cancellationToken.Register(() => _done.TrySetCanceled(cancellationToken)))
        {
            await _done.Task.ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
