using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>Where images are written to: a registry repository or an oci: layout.</summary>
public interface IImageTarget : IImageRepository
{
    /// <summary>
    /// Uploads a blob, unconditionally (callers check <see cref="IImageRepository.HasBlobAsync"/> first to skip
    /// present ones). The content's size and SHA-256 are checked against <paramref name="blob"/> before the upload is
    /// committed; on a mismatch nothing is stored and <see cref="OciException"/> is thrown.
    /// </summary>
    Task PushBlobAsync(OciDescriptor blob, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a manifest or index under the reference's tag (or just by digest when it has none) and returns its
    /// descriptor. Push every blob it names first: registries refuse manifests with unknown blobs.
    /// </summary>
    Task<OciDescriptor> PushManifestAsync(ImageReference reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken = default);
}
