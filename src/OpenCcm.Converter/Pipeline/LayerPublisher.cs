using OpenCcm.Oci;

namespace OpenCcm.Converter.Pipeline;

/// <summary>The publish phase, once every check passed: staged uploads committed, spooled blobs pushed.</summary>
internal static class LayerPublisher
{
    /// <summary>Uploads with a body at once: the registry hashes and stores one while the next streams.</summary>
    private const int MaxParallelBodies = 3;

    /// <summary>Commits carry no body (the registry holds the bytes already): little more than a rename each.</summary>
    private const int MaxParallelCommits = 16;

    public static Task PublishAsync(
        IReadOnlyList<LayerUpload> uploads, IImageTarget target, IImageSource source, int layerCount, IProgress<LayerProgress>? progress,
        CancellationToken cancellationToken)
    {
        return Task.WhenAll(
            RunAsync(uploads.Where(u => u is not StagedLayerUpload), MaxParallelBodies),
            RunAsync(uploads.Where(u => u is StagedLayerUpload), MaxParallelCommits));

        Task RunAsync(IEnumerable<LayerUpload> items, int parallelism) =>
            Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (upload, token) =>
            {
                progress?.Report(new LayerProgress(upload.Index, layerCount, upload.Blob.Digest, LayerPhase.Pushing, 0, upload.Blob.Size));
                await upload.PublishAsync(target, source, token).ConfigureAwait(false);
                progress?.Report(new LayerProgress(upload.Index, layerCount, upload.Blob.Digest, LayerPhase.Done, upload.Blob.Size, upload.Blob.Size));
            });
    }
}
