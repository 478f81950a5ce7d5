namespace OpenCcm.Oci.Registry;

public sealed class RegistryClientOptions
{
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    /// <summary>Registry hosts (host[:port]) spoken to over plain HTTP; every other registry is HTTPS.</summary>
    public ISet<string> InsecureRegistries { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credentials for a registry host ("docker.io" for Docker Hub); null: anonymous. See <see cref="DockerConfig"/>.</summary>
    public Func<string, RegistryCredentials?>? Credentials { get; set; }

    /// <summary>
    /// Blobs up to this size go in one PUT (POST then PUT); larger ones in PATCH chunks of this size. It is also the
    /// only buffer an upload holds, so it bounds upload memory.
    /// </summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>The HTTP handler (tests wrap it to count requests); null: a SocketsHttpHandler owned by the client.</summary>
    public HttpMessageHandler? Handler { get; set; }

    public string UserAgent { get; set; } = "OpenCCM-oci/1.0";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
}
