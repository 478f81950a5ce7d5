using OpenCcm.Oci;

namespace OpenCcm.Converter.Pipeline;

/// <summary>
/// A blob streamed to the target while its layer is checked (<see cref="IStagedBlobUpload"/>), committed only when the
/// whole image passed — so the push costs no spool and mostly overlaps the check. The bytes are the ones the source's
/// stream hashed on their way, and the target checks the digest again on commit, so nothing is hashed here.
/// A transfer that fails does not fail the check: the blob is pulled again and pushed the ordinary way at the end.
/// </summary>
internal sealed class StagedLayerUpload(IStagedBlobUpload upload, int index) : LayerUpload(upload.Blob, index)
{
    private OciException? failure;

    /// <summary>Why streaming to the target stopped (the blob is then pushed again at the end).</summary>
    public OciException? Failure => failure;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (failure is not null)
        {
            return;
        }

        try
        {
            await upload.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (OciException e)
        {
            failure = e;
        }
    }

    public override async Task PublishAsync(IImageTarget target, IImageSource source, CancellationToken cancellationToken)
    {
        if (failure is null)
        {
            try
            {
                await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OciException e)
            {
                failure = e;
            }
        }

        // Fallback: the same digest again from the source; PushBlobAsync checks size and digest before it commits.
        await upload.DisposeAsync().ConfigureAwait(false);
        await using var blob = await source.OpenBlobAsync(Blob, cancellationToken).ConfigureAwait(false);
        await target.PushBlobAsync(Blob, blob, cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => upload.DisposeAsync();
}
