using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci.Layout;

/// <summary>
/// An OCI image layout directory (image-layout.md): <c>oci-layout</c>, <c>index.json</c> whose entries carry their
/// tag in the <c>org.opencontainers.image.ref.name</c> annotation, and <c>blobs/sha256/&lt;hex&gt;</c>. Created on the
/// first write. Blobs are written to a temporary file and renamed into place only after their digest matched.
/// </summary>
public sealed class OciLayout : IImageStore
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string LayoutVersion = "1.0.0";
    private readonly Lock _indexLock = new();

    public OciLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Repository = ImageReference.ForLayout(Directory);
    }

    public string Directory { get; }

    public ImageReference Repository { get; }

    private string IndexPath => Path.Combine(Directory, "index.json");

    private string BlobDirectory => Path.Combine(Directory, "blobs", "sha256");

    public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        RequireThisLayout(reference);
        return ImageResolver.ResolveAsync(reference, FetchManifestAsync, OpenBlobAsync, cancellationToken);
    }

    /// <summary>The layout's index.json (its entries, tags in annotations).</summary>
    public OciIndex ReadIndex()
    {
        var marker = Path.Combine(Directory, "oci-layout");
        if (!File.Exists(marker) || !File.Exists(IndexPath))
        {
            throw new OciException(OciErrorCodes.LayoutInvalid, $"{Directory} is not an OCI image layout (no oci-layout or index.json).");
        }

        var layout = ReadJson(marker, OciJsonContext.Default.OciLayoutFile);
        if (layout.ImageLayoutVersion != LayoutVersion)
        {
            throw new OciException(OciErrorCodes.LayoutInvalid, $"{Directory}: unsupported imageLayoutVersion '{layout.ImageLayoutVersion}'.");
        }

        var bytes = File.ReadAllBytes(IndexPath);
        try
        {
            return OciJson.ParseIndex(bytes);
        }
        catch (OciException e)
        {
            throw new OciException(OciErrorCodes.LayoutInvalid, $"{IndexPath}: {e.Message}", e);
        }
    }

    public Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var file = new FileInfo(BlobPath(blob.Digest));
        return Task.FromResult(file.Exists && file.Length == blob.Size);
    }

    public Task<VerifiedBlobStream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var path = BlobPath(blob.Digest);
        if (!File.Exists(path))
        {
            throw new OciException(OciErrorCodes.NotFound, $"Blob {blob.Digest} is not in layout {Directory}.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(new VerifiedBlobStream(stream, blob));
    }

    public async Task PushBlobAsync(OciDescriptor blob, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var target = BlobPath(blob.Digest);
        EnsureLayout();
        var temporary = Path.Combine(BlobDirectory, $".upload-{Guid.NewGuid():N}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (size > blob.Size)
                    {
                        throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {blob.Digest} is longer than its declared {blob.Size} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            var actual = OciDigest.Format(hash.GetCurrentHash());
            if (size != blob.Size || actual != blob.Digest)
            {
                throw new OciException(size != blob.Size ? OciErrorCodes.BlobSizeMismatch : OciErrorCodes.BlobDigestMismatch,
                    $"Content for blob {blob.Digest} ({blob.Size} bytes) is {actual} ({size} bytes); nothing was written.");
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<OciDescriptor> PushManifestAsync(ImageReference reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken = default)
    {
        RequireThisLayout(reference);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        var descriptor = new OciDescriptor { MediaType = mediaType, Digest = OciDigest.Compute(manifest.Span), Size = manifest.Length };
        var stream = new MemoryStream(manifest.ToArray(), writable: false);
        await using (stream.ConfigureAwait(false))
        {
            await PushBlobAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
        }

        lock (_indexLock)
        {
            var existing = File.Exists(IndexPath) ? ReadIndex().Manifests : [];
            var entries = existing.Where(e => reference.Tag is { } tag
                    ? e.Annotations?.GetValueOrDefault(RefNameAnnotation) != tag
                    : !(e.Digest == descriptor.Digest && e.Annotations?.ContainsKey(RefNameAnnotation) != true))
                .ToList();
            entries.Add(reference.Tag is { } name
                ? descriptor with { Annotations = new Dictionary<string, string> { [RefNameAnnotation] = name } }
                : descriptor);
            var index = new OciIndex { SchemaVersion = 2, MediaType = OciMediaTypes.ImageIndex, Manifests = entries };
            WriteAtomically(IndexPath, OciJson.Serialize(index));
        }

        return descriptor;
    }

    private Task<(byte[] Bytes, string? MediaType)> FetchManifestAsync(string tagOrDigest, CancellationToken cancellationToken)
    {
        var index = ReadIndex();
        OciDescriptor? entry;
        if (OciDigest.IsValid(tagOrDigest))
        {
            entry = index.Manifests.FirstOrDefault(e => e.Digest == tagOrDigest);
            if (entry is null)
            {
                // A digest named by an index in this layout need not be in index.json itself.
                var path = BlobPath(tagOrDigest);
                return File.Exists(path)
                    ? Task.FromResult<(byte[], string?)>((ReadBlobBounded(path, tagOrDigest), null))
                    : throw new OciException(OciErrorCodes.NotFound, $"Manifest {tagOrDigest} is not in layout {Directory}.");
            }
        }
        else if (tagOrDigest.Length == 0)
        {
            entry = index.Manifests.Count == 1
                ? index.Manifests[0]
                : throw new OciException(OciErrorCodes.NotFound, $"Layout {Directory} holds {index.Manifests.Count} images: name one with oci:{Directory}:TAG.");
        }
        else
        {
            entry = index.Manifests.FirstOrDefault(e => e.Annotations?.GetValueOrDefault(RefNameAnnotation) == tagOrDigest)
                ?? throw new OciException(OciErrorCodes.NotFound, $"Layout {Directory} has no image tagged '{tagOrDigest}'.");
        }

        if (entry.Size > ImageResolver.MaxManifestBytes)
        {
            throw new OciException(OciErrorCodes.ManifestTooLarge, $"Manifest {entry.Digest} in {Directory} is over {ImageResolver.MaxManifestBytes} bytes.");
        }

        var bytes = ReadBlobBounded(BlobPath(entry.Digest), entry.Digest);
        ImageResolver.RequireDigest(bytes, entry.Digest, $"oci:{Directory}:{tagOrDigest}");
        return Task.FromResult<(byte[], string?)>((bytes, entry.MediaType));
    }

    private byte[] ReadBlobBounded(string path, string digest)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new OciException(OciErrorCodes.LayoutInvalid, $"Layout {Directory} names blob {digest}, which is missing.");
        }

        return file.Length <= ImageResolver.MaxManifestBytes
            ? File.ReadAllBytes(path)
            : throw new OciException(OciErrorCodes.ManifestTooLarge, $"Manifest {digest} in {Directory} is over {ImageResolver.MaxManifestBytes} bytes.");
    }

    private string BlobPath(string digest) => Path.Combine(BlobDirectory, OciDigest.Hex(digest));

    private void EnsureLayout()
    {
        System.IO.Directory.CreateDirectory(BlobDirectory);
        var marker = Path.Combine(Directory, "oci-layout");
        if (!File.Exists(marker))
        {
            WriteAtomically(marker, JsonSerializer.SerializeToUtf8Bytes(new OciLayoutFile { ImageLayoutVersion = LayoutVersion }, OciJsonContext.Default.OciLayoutFile));
        }

        if (!File.Exists(IndexPath))
        {
            WriteAtomically(IndexPath, OciJson.Serialize(new OciIndex { SchemaVersion = 2, MediaType = OciMediaTypes.ImageIndex, Manifests = [] }));
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + $".tmp-{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private T ReadJson<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return OciJson.Deserialize(File.ReadAllBytes(path), type, Path.GetFileName(path));
        }
        catch (OciException e)
        {
            throw new OciException(OciErrorCodes.LayoutInvalid, $"{Directory}: {e.Message}", e);
        }
    }

    private void RequireThisLayout(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!reference.SameRepository(Repository))
        {
            throw new ArgumentException($"{reference} is not in layout {Directory}.", nameof(reference));
        }
    }
}
