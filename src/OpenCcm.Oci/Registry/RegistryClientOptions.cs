namespace OpenCcm.Oci.Registry;

public sealed class RegistryClientOptions
{
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    /// <summary>Registry hosts (host[:port]) spoken to over plain HTTP; every other registry is HTTPS.</summary>
    public ISet<string> InsecureRegistries { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credentials for a registry host ("docker.io" for Docker Hub); null: anonymous. See <see cref="DockerConfig"/>.</summary>
    public Func<string, RegistryCredentials?>? Credentials { get; set; }

    /// <summary>
    /// Blobs smaller than this go in one PUT from memory (POST then PUT); larger ones are streamed in one PUT, or in
    /// PATCH chunks of this size with <see cref="UploadInChunks"/>. It bounds the memory an upload holds.
    /// </summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>
    /// Push blobs of <see cref="ChunkSize"/> or more in PATCH chunks (for registries or proxies that limit request
    /// bodies) instead of one streamed PUT. Off by default: Debian's docker-registry takes one 40 MB PUT in less than half
    /// the time of five 8 MiB chunks (docs/benchmarks.md, "Converter").
    /// </summary>
    public bool UploadInChunks { get; set; }

    /// <summary>The HTTP handler (tests wrap it to count requests); null: a SocketsHttpHandler owned by the client.</summary>
    public HttpMessageHandler? Handler { get; set; }

    public string UserAgent { get; set; } = "OpenCCM-oci/1.0";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A staged upload (<see cref="RegistryRepository.TryStageBlobAsync"/>) whose next bytes cannot be sent for this long
    /// is given up, so that its writer — a layer being checked — does not wait on a stuck transport (e.g. a proxy that
    /// answered early and stopped reading) until <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan UploadStallTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
