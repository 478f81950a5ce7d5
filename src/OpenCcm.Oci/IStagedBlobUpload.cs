using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>
/// An upload in progress (<see cref="IBlobStagingTarget"/>): nothing is visible in the target until
/// <see cref="CommitAsync"/> succeeds; disposing it uncommitted abandons the upload. Not thread-safe: one writer.
/// </summary>
public interface IStagedBlobUpload : IAsyncDisposable
{
    OciDescriptor Blob { get; }

    /// <summary>Sends the next bytes of the blob.</summary>
    /// <exception cref="OciException">More bytes than the descriptor's size, or the transport failed (the upload is then unusable).</exception>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes the blob once every byte was written. The target checks the digest on commit (a registry refuses a
    /// body that does not hash to it), so the writer need not hash again what it already verified.
    /// </summary>
    /// <exception cref="OciException">Fewer bytes than the descriptor's size, a failed transfer, or the target refused the commit.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
