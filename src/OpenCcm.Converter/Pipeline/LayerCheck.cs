using System.Runtime.ExceptionServices;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Pipeline;

/// <summary>Reads one layer once: pulled, copied to its upload, digest- and diff_id-checked, every entry checked and hashed.</summary>
internal static class LayerCheck
{
    private const long ProgressStep = 1 << 20;

    /// <summary>
    /// The layer's changes, not yet applied; a refusal found while reading is kept in them (raised when they are
    /// applied, after the entries before it). <paramref name="upload"/> is completed only when the layer passed.
    /// </summary>
    public static async Task<LayerChanges> ReadAsync(
        IImageSource source, OciDescriptor layer, int index, int count, string diffId, LayerUpload? upload, LayerLimits limits,
        IProgress<LayerProgress>? progress, CancellationToken cancellationToken)
    {
        var compression = LayerMediaTypes.CompressionOf(layer.MediaType);
        var reported = 0L;
        LayerChanges changes;
        await using var blob = await source.OpenBlobAsync(layer, cancellationToken).ConfigureAwait(false);
        await using (var tee = new TeeReadStream(blob, upload, read =>
        {
            if (read - reported >= ProgressStep)
            {
                reported = read;
                progress?.Report(new LayerProgress(index, count, layer.Digest, LayerPhase.Checking, read, layer.Size));
            }
        }))
        {
            // The source's VerifiedBlobStream checks size and digest (hashing the blob once); the reader reads it to its end.
            await using var reader = LayerReader.Open(tee, compression, limits, diffId);
            changes = await LayerFlattener.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (!changes.Complete)
        {
            return changes;
        }

        if (!blob.IsVerified)
        {
            changes.Failure = ExceptionDispatchInfo.Capture(new ConversionException(ConversionErrorCodes.BlobDigestMismatch, $"The layer {layer.Digest} was not read to its end."));
            return changes;
        }

        if (upload is not null)
        {
            await upload.CompleteAsync().ConfigureAwait(false);
        }

        progress?.Report(new LayerProgress(index, count, layer.Digest, LayerPhase.Checking, layer.Size, layer.Size));
        return changes;
    }
}
