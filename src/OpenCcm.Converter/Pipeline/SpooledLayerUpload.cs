using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Pipeline;

/// <summary>
/// A blob spooled to a private temporary file and pushed from it at the end: for targets that cannot stage an upload
/// (oci: layouts, registries that take chunks only) and for the runtime layer, which is built after the check.
/// </summary>
internal sealed class SpooledLayerUpload : LayerUpload
{
    private const int FileBufferSize = 1 << 16;
    private readonly string path;
    private FileStream? file;

    private SpooledLayerUpload(OciDescriptor blob, int index, string path, FileStream? file)
        : base(blob, index)
    {
        this.path = path;
        this.file = file;
    }

    /// <summary>A new spool file, written as the layer is read.</summary>
    public static SpooledLayerUpload Create(OciDescriptor blob, int index, string path) =>
        new(blob, index, path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferSize));

    /// <summary>A file already written (the runtime layer).</summary>
    public static SpooledLayerUpload Existing(OciDescriptor blob, int index, string path) => new(blob, index, path, null);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        file!.WriteAsync(data, cancellationToken);

    public override async ValueTask CompleteAsync()
    {
        if (file is not null)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            file = null;
        }
    }

    public override async Task PublishAsync(IImageTarget target, IImageSource source, CancellationToken cancellationToken)
    {
        await CompleteAsync().ConfigureAwait(false);
        await using (var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan))
        {
            await target.PushBlobAsync(Blob, content, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(path);
    }

    public override async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        File.Delete(path);
    }
}
