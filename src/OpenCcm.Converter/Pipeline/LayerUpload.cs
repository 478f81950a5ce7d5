using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Pipeline;

/// <summary>
/// A blob on its way to the target while its layer is checked: the source's bytes are copied to it as they are read
/// (and verified), and it is published only once the whole image passed. Disposing an unpublished upload drops it.
/// </summary>
internal abstract class LayerUpload(OciDescriptor blob, int index) : IAsyncDisposable
{
    public OciDescriptor Blob { get; } = blob;

    /// <summary>The layer's position in the new manifest (the runtime layer is last).</summary>
    public int Index { get; } = index;

    /// <summary>Copies the next bytes read from the source.</summary>
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The layer was read to its end and passed its own checks.</summary>
    public virtual ValueTask CompleteAsync() => ValueTask.CompletedTask;

    /// <summary>Makes the blob visible in the target; called only when every layer passed.</summary>
    public abstract Task PublishAsync(IImageTarget target, IImageSource source, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
