using OpenCcm.Oci;
using OpenCcm.Oci.Layout;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Tests.Support;

/// <summary>
/// An oci: layout behind a staging target, as a registry stages: staged bytes are held apart (invisible) and pushed
/// into the layout — digest-checked — only on commit. Counts uploads staged, committed and abandoned; can make the
/// transfer of one blob fail, or refuse to stage at all.
/// </summary>
internal sealed class StagingTarget(OciLayout layout) : IImageTarget, IBlobStagingTarget
{
    private int staged;
    private int committed;
    private int abandoned;

    public OciLayout Layout { get; } = layout;

    public ImageReference Repository => Layout.Repository;

    /// <summary>The digest whose staged transfer fails (its writes throw, as a cut connection's would).</summary>
    public string? FailTransferOf { get; init; }

    /// <summary>Refuse every staging request (as a registry denying the push would).</summary>
    public bool RefuseStaging { get; init; }

    public int Staged => staged;

    public int Committed => committed;

    public int Abandoned => abandoned;

    public Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) => Layout.HasBlobAsync(blob, cancellationToken);

    public Task PushBlobAsync(OciDescriptor blob, Stream content, CancellationToken cancellationToken = default) => Layout.PushBlobAsync(blob, content, cancellationToken);

    public Task<OciDescriptor> PushManifestAsync(ImageReference reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken = default) =>
        Layout.PushManifestAsync(reference, manifest, mediaType, cancellationToken);

    public Task<IStagedBlobUpload?> TryStageBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        if (RefuseStaging)
        {
            throw new OciException(OciErrorCodes.Denied, "staging refused by the test");
        }

        Interlocked.Increment(ref staged);
        return Task.FromResult<IStagedBlobUpload?>(new Upload(this, blob));
    }

    private sealed class Upload(StagingTarget target, OciDescriptor blob) : IStagedBlobUpload
    {
        private readonly MemoryStream bytes = new();
        private bool done;

        public OciDescriptor Blob => blob;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            if (target.FailTransferOf == blob.Digest)
            {
                throw new OciException(OciErrorCodes.ConnectionFailed, "transfer cut by the test");
            }

            bytes.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            bytes.Position = 0;
            await target.Layout.PushBlobAsync(blob, bytes, cancellationToken);
            done = true;
            Interlocked.Increment(ref target.committed);
        }

        public ValueTask DisposeAsync()
        {
            if (!done)
            {
                done = true;
                Interlocked.Increment(ref target.abandoned);
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>An oci: layout as a source that counts how often each blob is opened.</summary>
internal sealed class CountingSource(OciLayout layout) : IImageSource
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> opened = new();

    public ImageReference Repository => layout.Repository;

    public int Opened(string digest) => opened.GetValueOrDefault(digest);

    public Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default) => layout.HasBlobAsync(blob, cancellationToken);

    public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default) => layout.ResolveAsync(reference, cancellationToken);

    public Task<VerifiedBlobStream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        opened.AddOrUpdate(blob.Digest, 1, (_, n) => n + 1);
        return layout.OpenBlobAsync(blob, cancellationToken);
    }
}
