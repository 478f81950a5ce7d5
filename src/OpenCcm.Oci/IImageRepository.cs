using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>
/// One repository of a registry, or one OCI layout directory: where an image's manifests and blobs live.
/// Both <see cref="IImageSource"/> and <see cref="IImageTarget"/> build on it.
/// </summary>
public interface IImageRepository
{
    /// <summary>The repository (tag and digest aside) this instance reads and writes.</summary>
    ImageReference Repository { get; }

    /// <summary>True when the blob is present with that digest (a HEAD request for registries).</summary>
    Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default);
}
