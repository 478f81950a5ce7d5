using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>
/// A target that can take a blob's bytes before deciding to publish it, so an upload can run while its content is
/// still being checked and be committed — or dropped — once the verdict is known.
/// </summary>
public interface IBlobStagingTarget
{
    /// <summary>
    /// Opens an upload of <paramref name="blob"/> whose bytes are written as they come and published only by
    /// <see cref="IStagedBlobUpload.CommitAsync"/>; null when this target cannot stage (the caller pushes later instead).
    /// </summary>
    Task<IStagedBlobUpload?> TryStageBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default);
}
