using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>Progress of one blob of a copy: bytes so far, or skipped because the target had it.</summary>
public sealed record BlobCopyProgress(OciDescriptor Blob, long BytesDone, bool Skipped);

/// <summary>What a copy did: the manifest stored in the target, blobs copied and skipped, bytes moved.</summary>
public sealed record ImageCopyResult(ResolvedImage Source, OciDescriptor Manifest, int BlobsCopied, int BlobsSkipped, long BytesCopied);

/// <summary>
/// Copies the linux/amd64 image of a reference to another, streaming blob by blob and skipping blobs the target has.
/// The manifest is pushed last and unchanged (same digest), so a failure anywhere (a blob that does not match its
/// digest included) leaves the target without the image.
/// </summary>
public sealed class ImageCopier(IImageSource source, IImageTarget target)
{
    public async Task<ImageCopyResult> CopyAsync(ImageReference from, ImageReference to, IProgress<BlobCopyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var image = await source.ResolveAsync(from, cancellationToken).ConfigureAwait(false);
        int copied = 0, skipped = 0;
        long bytes = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in image.Layers.Prepend(image.Config))
        {
            if (!seen.Add(blob.Digest))
            {
                continue;
            }

            if (await target.HasBlobAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
                progress?.Report(new BlobCopyProgress(blob, blob.Size, Skipped: true));
                continue;
            }

            var stream = await source.OpenBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await target.PushBlobAsync(blob, stream, cancellationToken).ConfigureAwait(false);
                // The target checked the digest of what it received; the source stream checks its own at its end.
                await stream.VerifyToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            copied++;
            bytes += blob.Size;
            progress?.Report(new BlobCopyProgress(blob, blob.Size, Skipped: false));
        }

        var manifest = await target.PushManifestAsync(to, image.ManifestBytes, image.ManifestDescriptor.MediaType, cancellationToken).ConfigureAwait(false);
        return new ImageCopyResult(image, manifest, copied, skipped, bytes);
    }
}
