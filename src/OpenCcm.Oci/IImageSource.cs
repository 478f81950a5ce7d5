using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>Where images are read from: a registry repository or an oci: layout.</summary>
public interface IImageSource : IImageRepository
{
    /// <summary>
    /// Resolves a tag or digest of this repository to one linux/amd64 image manifest (picked from an index when the
    /// reference names one) with its config, every byte verified against its digest.
    /// </summary>
    Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for streaming. The stream checks size and SHA-256 as it is read and throws
    /// <see cref="OciErrorCodes.BlobDigestMismatch"/> / <see cref="OciErrorCodes.BlobSizeMismatch"/> at the end (or as
    /// soon as it is too long); read it to the end, or call <see cref="VerifiedBlobStream.VerifyToEndAsync"/>, before
    /// trusting or publishing anything made from it.
    /// </summary>
    Task<VerifiedBlobStream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default);
}
