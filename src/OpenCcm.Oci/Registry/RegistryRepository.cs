using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci.Registry;

/// <summary>One repository of a registry, over the OCI distribution API (distribution-spec spec.md).</summary>
public sealed class RegistryRepository : IImageStore, IBlobStagingTarget
{
    /// <summary>The read buffer of a streamed upload (at most the chunk size).</summary>
    private const int StreamBufferSize = 1024 * 1024;

    private readonly RegistryClient _client;
    private readonly string _pullScope;
    private readonly string _pushScope;

    internal RegistryRepository(RegistryClient client, ImageReference reference)
    {
        _client = client;
        Repository = reference.WithoutTagOrDigest();
        _pullScope = $"repository:{reference.Repository}:pull";
        _pushScope = $"repository:{reference.Repository}:pull,push";
    }

    public ImageReference Repository { get; }

    private string Registry => Repository.Registry;

    public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        RequireThisRepository(reference);
        return ImageResolver.ResolveAsync(reference, FetchManifestAsync, OpenBlobAsync, cancellationToken);
    }

    /// <summary>GET a manifest or index by tag or digest, exactly as stored, with the media type the registry gave it.</summary>
    public async Task<(byte[] Bytes, string? MediaType)> FetchManifestAsync(string tagOrDigest, CancellationToken cancellationToken = default)
    {
        var uri = Url($"manifests/{tagOrDigest}");
        using var response = await _client.SendAsync(Registry, _pullScope, () => ManifestRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"GET manifest {Repository.Repository}:{tagOrDigest} from {Registry}", cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength > ImageResolver.MaxManifestBytes)
        {
            throw new OciException(OciErrorCodes.ManifestTooLarge, $"Manifest {tagOrDigest} of {Repository} is over {ImageResolver.MaxManifestBytes} bytes.");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await ImageResolver.ReadBoundedAsync(stream, ImageResolver.MaxManifestBytes, $"manifest {tagOrDigest}", cancellationToken).ConfigureAwait(false);
        // The registry's announced digest must be the bytes' (a digest reference is checked by the resolver too).
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var announced) && announced.FirstOrDefault() is { } digest && OciDigest.IsValid(digest))
        {
            ImageResolver.RequireDigest(bytes, digest, $"{Repository}:{tagOrDigest}");
        }

        return (bytes, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>True when the registry has a manifest under that tag or digest (HEAD).</summary>
    public async Task<bool> HasManifestAsync(string tagOrDigest, CancellationToken cancellationToken = default)
    {
        var uri = Url($"manifests/{tagOrDigest}");
        using var response = await _client.SendAsync(Registry, _pullScope, () => ManifestRequest(HttpMethod.Head, uri), cancellationToken).ConfigureAwait(false);
        return await ExistsAsync(response, $"HEAD manifest {tagOrDigest}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var uri = Url($"blobs/{OciDigest.Validate(blob.Digest)}");
        using var response = await _client.SendAsync(Registry, _pullScope, () => new HttpRequestMessage(HttpMethod.Head, uri), cancellationToken).ConfigureAwait(false);
        return await ExistsAsync(response, $"HEAD blob {blob.Digest}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<VerifiedBlobStream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var uri = Url($"blobs/{OciDigest.Validate(blob.Digest)}");
        var response = await _client.SendAsync(Registry, _pullScope, () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                await RegistryClient.ThrowForStatusAsync(response, $"GET blob {blob.Digest} from {Repository}", cancellationToken).ConfigureAwait(false);
            }

            if (response.Content.Headers.ContentLength is { } length && length != blob.Size)
            {
                throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Blob {blob.Digest} of {Repository} is {length} bytes, its descriptor says {blob.Size}.");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new VerifiedBlobStream(stream, blob, owner: response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Uploads a blob with one POST then one PUT carrying the content (spec "POST then PUT"): from memory when it fits in
    /// a chunk, else streamed (<see cref="VerifyingUploadContent"/>). With <see cref="RegistryClientOptions.UploadInChunks"/>,
    /// larger blobs go in a PATCH per chunk (Content-Range start-end) and a closing PUT with the digest. Either way the
    /// content is hashed as it is read and the upload completes only when size and digest match; otherwise it is cut
    /// short and cancelled (DELETE).
    /// </summary>
    public async Task PushBlobAsync(OciDescriptor blob, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        OciDigest.Validate(blob.Digest);
        var chunkSize = _client.Options.ChunkSize;
        if (blob.Size >= chunkSize && !_client.Options.UploadInChunks)
        {
            await PushStreamedAsync(blob, content, Math.Min(chunkSize, StreamBufferSize), cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Uri? location = null;
        var committed = false;
        try
        {
            var filled = await FillAsync(content, buffer, chunkSize, cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer, 0, filled);
            location = await StartUploadAsync(cancellationToken).ConfigureAwait(false);
            long sent = 0;
            if (filled < chunkSize)
            {
                RequireContent(blob, filled, hash);
                await CommitAsync(location, blob, new ReadOnlyMemory<byte>(buffer, 0, filled), cancellationToken).ConfigureAwait(false);
                committed = true;
                return;
            }

            while (filled > 0)
            {
                if (sent + filled > blob.Size)
                {
                    throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {blob.Digest} is longer than its declared {blob.Size} bytes.");
                }

                location = await PatchAsync(location, new ReadOnlyMemory<byte>(buffer, 0, filled), sent, cancellationToken).ConfigureAwait(false);
                sent += filled;
                filled = await FillAsync(content, buffer, chunkSize, cancellationToken).ConfigureAwait(false);
                hash.AppendData(buffer, 0, filled);
            }

            RequireContent(blob, sent, hash);
            await CommitAsync(location, blob, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            committed = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!committed && location is not null)
            {
                await CancelUploadAsync(location).ConfigureAwait(false);
            }
        }
    }

    /// <summary>POST, then one PUT streaming the content; registries store the body only once it is complete.</summary>
    private async Task PushStreamedAsync(OciDescriptor blob, Stream content, int bufferSize, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(cancellationToken).ConfigureAwait(false);
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var uri = new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        VerifyingUploadContent? body = null;
        var committed = false;
        try
        {
            using var response = await _client.SendAsync(Registry, _pushScope, () =>
            {
                body = new VerifyingUploadContent(content, blob, bufferSize);
                return new HttpRequestMessage(HttpMethod.Put, uri) { Content = body };
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                await RegistryClient.ThrowForStatusAsync(response, $"PUT blob {blob.Digest} to {Repository}", cancellationToken).ConfigureAwait(false);
            }

            committed = true;
        }
        catch (Exception) when (body?.Failure is { } failure)
        {
            throw failure;
        }
        finally
        {
            if (!committed)
            {
                await CancelUploadAsync(location).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Opens a staged upload (<see cref="RegistryStagedUpload"/>: POST, one streamed PATCH, PUT with the digest on commit).
    /// Null with <see cref="RegistryClientOptions.UploadInChunks"/>: a registry that caps request bodies would refuse the
    /// one PATCH, so such callers push in chunks later.
    /// </summary>
    public async Task<IStagedBlobUpload?> TryStageBlobAsync(OciDescriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        OciDigest.Validate(blob.Digest);
        if (_client.Options.UploadInChunks)
        {
            return null;
        }

        var location = await StartUploadAsync(cancellationToken).ConfigureAwait(false);
        return RegistryStagedUpload.Start(this, blob, location, _client.Options.UploadStallTimeout);
    }

    public async Task<OciDescriptor> PushManifestAsync(ImageReference reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken = default)
    {
        RequireThisRepository(reference);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        var digest = OciDigest.Compute(manifest.Span);
        if (reference.Digest is { } pinned && pinned != digest)
        {
            throw new OciException(OciErrorCodes.ManifestDigestMismatch, $"Manifest to push has digest {digest}, the reference pins {pinned}.");
        }

        var uri = Url($"manifests/{reference.Tag ?? digest}");
        using var response = await _client.SendAsync(Registry, _pushScope, () =>
        {
            var content = new ReadOnlyMemoryContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created && !response.IsSuccessStatusCode)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"PUT manifest {reference}", cancellationToken).ConfigureAwait(false);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var announced) && announced.FirstOrDefault() is { } stored && stored != digest)
        {
            throw new OciException(OciErrorCodes.ManifestDigestMismatch, $"Registry stored manifest {reference} as {stored}, we sent {digest}.");
        }

        return new OciDescriptor { MediaType = mediaType, Digest = digest, Size = manifest.Length };
    }

    private static void RequireContent(OciDescriptor blob, long size, IncrementalHash hash)
    {
        if (size != blob.Size)
        {
            throw new OciException(OciErrorCodes.BlobSizeMismatch, $"Content for blob {blob.Digest} is {size} bytes, its descriptor says {blob.Size}; nothing was pushed.");
        }

        var actual = OciDigest.Format(hash.GetCurrentHash());
        if (actual != blob.Digest)
        {
            throw new OciException(OciErrorCodes.BlobDigestMismatch, $"Content for blob {blob.Digest} hashes to {actual}; nothing was pushed.");
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken) =>
        await content.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);

    private async Task<Uri> StartUploadAsync(CancellationToken cancellationToken)
    {
        var uri = Url("blobs/uploads/");
        using var response = await _client.SendAsync(Registry, _pushScope, () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent([]) }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"POST blob upload to {Repository}", cancellationToken).ConfigureAwait(false);
        }

        return UploadLocation(response);
    }

    private async Task<Uri> PatchAsync(Uri location, ReadOnlyMemory<byte> chunk, long offset, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(Registry, _pushScope, () =>
        {
            var content = new ReadOnlyMemoryContent(chunk);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // spec.md "Pushing a blob in chunks": Content-Range is "<start>-<end>", inclusive, without a unit.
            content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"PATCH blob chunk at {offset} to {Repository}", cancellationToken).ConfigureAwait(false);
        }

        return UploadLocation(response);
    }

    /// <summary>PATCH the whole body of a staged upload as one chunk; the session's next Location.</summary>
    internal async Task<Uri> PatchUploadAsync(Uri location, PushedContent body, long size, CancellationToken abort)
    {
        // Not replayed after a 401: the body is written once, as it is checked (the POST before it authenticated).
        using var response = await _client.SendAsync(Registry, _pushScope, () =>
        {
            body.Headers.Remove("Content-Range");
            body.Headers.TryAddWithoutValidation("Content-Range", $"0-{size - 1}");
            return new HttpRequestMessage(HttpMethod.Patch, location) { Content = body };
        }, abort, replay: false).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"PATCH staged blob upload to {Repository}", CancellationToken.None).ConfigureAwait(false);
        }

        return UploadLocation(response);
    }

    /// <summary>Commits a staged upload whose bytes the registry has: PUT with the digest, no body.</summary>
    internal Task CommitUploadAsync(Uri location, OciDescriptor blob, CancellationToken cancellationToken) =>
        CommitAsync(location, blob, ReadOnlyMemory<byte>.Empty, cancellationToken);

    private async Task CommitAsync(Uri location, OciDescriptor blob, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var uri = new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        using var response = await _client.SendAsync(Registry, _pushScope, () =>
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await RegistryClient.ThrowForStatusAsync(response, $"PUT blob {blob.Digest} to {Repository}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Best effort: an abandoned upload session would otherwise linger until the registry purges it.</summary>
    internal async Task CancelUploadAsync(Uri location, TimeSpan? timeout = null)
    {
        using var limit = timeout is { } t ? new CancellationTokenSource(t) : null;
        try
        {
            using var response = await _client.SendAsync(Registry, _pushScope, () => new HttpRequestMessage(HttpMethod.Delete, location), limit?.Token ?? CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OciException or OperationCanceledException)
        {
            // The upload failed already; that error is the one to report.
        }
    }

    private static async Task<bool> ExistsAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            await RegistryClient.ThrowForStatusAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private Uri UploadLocation(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location : new Uri(_client.BaseUri(Registry), location)
            : throw new OciException(OciErrorCodes.RegistryError, $"Registry {Registry} answered a blob upload without a Location.");

    private Uri Url(string path) => new(_client.BaseUri(Registry), $"v2/{Repository.Repository}/{path}");

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in OciMediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private void RequireThisRepository(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!reference.SameRepository(Repository))
        {
            throw new ArgumentException($"{reference} is not in repository {Repository}.", nameof(reference));
        }
    }
}
