using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>
/// Reference → one linux/amd64 image manifest and its config, shared by registries and layouts. Every document is
/// checked against the digest that named it before it is parsed.
/// </summary>
internal static class ImageResolver
{
    public const int MaxManifestBytes = 4 * 1024 * 1024;
    public const int MaxConfigBytes = 8 * 1024 * 1024;

    /// <summary>Fetches a manifest by tag or digest: its bytes and the media type announced with it (if any).</summary>
    public delegate Task<(byte[] Bytes, string? MediaType)> ManifestFetcher(string tagOrDigest, CancellationToken cancellationToken);

    public static async Task<ResolvedImage> ResolveAsync(
        ImageReference reference, ManifestFetcher fetch, Func<OciDescriptor, CancellationToken, Task<VerifiedBlobStream>> openBlob, CancellationToken cancellationToken)
    {
        var tagOrDigest = reference.TagOrDigest ?? "";
        var (bytes, announced) = await fetch(tagOrDigest, cancellationToken).ConfigureAwait(false);
        if (reference.Digest is { } pinned)
        {
            RequireDigest(bytes, pinned, reference.ToString());
        }

        var mediaType = OciJson.DetectMediaType(bytes, announced);
        var descriptor = new OciDescriptor { MediaType = mediaType, Digest = OciDigest.Compute(bytes), Size = bytes.Length };
        OciDescriptor? indexDescriptor = null;
        if (OciMediaTypes.IsIndex(mediaType))
        {
            var entry = PickLinuxAmd64(OciJson.ParseIndex(bytes), reference);
            indexDescriptor = descriptor;
            (bytes, announced) = await fetch(entry.Digest, cancellationToken).ConfigureAwait(false);
            RequireDigest(bytes, entry.Digest, reference + " (linux/amd64)");
            mediaType = OciJson.DetectMediaType(bytes, announced ?? entry.MediaType);
            if (!OciMediaTypes.IsManifest(mediaType))
            {
                throw new OciException(OciErrorCodes.MediaTypeUnsupported, $"The linux/amd64 entry of {reference} is a '{mediaType}', not an image manifest.");
            }

            descriptor = new OciDescriptor { MediaType = mediaType, Digest = entry.Digest, Size = bytes.Length, Platform = entry.Platform };
        }
        else if (!OciMediaTypes.IsManifest(mediaType))
        {
            throw new OciException(OciErrorCodes.MediaTypeUnsupported, $"Unsupported manifest media type '{mediaType}' for {reference}.");
        }

        var manifest = OciJson.ParseManifest(bytes);
        var config = await ReadSmallBlobAsync(openBlob, manifest.Config, MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        return new ResolvedImage
        {
            Reference = reference,
            ManifestDescriptor = descriptor,
            ManifestBytes = bytes,
            Manifest = manifest,
            IndexDescriptor = indexDescriptor,
            ConfigBytes = config,
        };
    }

    public static OciDescriptor PickLinuxAmd64(OciIndex index, ImageReference reference)
    {
        foreach (var entry in index.Manifests)
        {
            if (entry.Platform is { } platform && platform.Matches(OciPlatform.LinuxAmd64) && !OciMediaTypes.IsIndex(entry.MediaType))
            {
                return entry;
            }
        }

        var offered = string.Join(", ", index.Manifests.Select(m => m.Platform is { } p ? $"{p.Os}/{p.Architecture}" : "(no platform)"));
        throw new OciException(OciErrorCodes.PlatformNotFound, $"{reference} is a multi-platform index without linux/amd64 (it has: {offered}).");
    }

    public static void RequireDigest(ReadOnlySpan<byte> bytes, string expected, string what)
    {
        var actual = OciDigest.Compute(bytes);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new OciException(OciErrorCodes.ManifestDigestMismatch, $"Manifest of {what} does not match its digest: expected {expected}, got {actual}.");
        }
    }

    /// <summary>Reads a verified small blob (a config) whole, after checking its declared size against the limit.</summary>
    public static async Task<byte[]> ReadSmallBlobAsync(
        Func<OciDescriptor, CancellationToken, Task<VerifiedBlobStream>> openBlob, OciDescriptor blob, int limit, CancellationToken cancellationToken)
    {
        if (blob.Size > limit)
        {
            throw new OciException(OciErrorCodes.ManifestTooLarge, $"Blob {blob.Digest} declares {blob.Size} bytes, over the {limit}-byte limit for configs.");
        }

        var content = new byte[blob.Size];
        var stream = await openBlob(blob, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            await stream.VerifyToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return content;
    }

    /// <summary>Reads a stream whole, refusing more than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new OciException(OciErrorCodes.ManifestTooLarge, $"The {what} is larger than the {limit}-byte limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
