using System.Text.Json.Serialization;

namespace OpenCcm.Enclave.Manifest;

/// <summary>
/// An enclave manifest (docs/enclave-manifest.md; CONTRACTS-5.md "Enclave manifest"): what the runtime runs and the
/// SHA-256 of every trusted file. Load and write it with <see cref="EnclaveManifestSerializer"/>, which validates it.
/// </summary>
public sealed record EnclaveManifest
{
    /// <summary>The only format version this library reads and writes.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public string? Name { get; init; }

    /// <summary>Absolute path of the program to start, inside the root (e.g. "/usr/bin/demo").</summary>
    public string Entrypoint { get; init; } = string.Empty;

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Whether arguments given to the runtime are appended to <see cref="Args"/>.</summary>
    public bool AllowCmdlineArgs { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public string WorkingDir { get; init; } = "/";

    /// <summary>"uid:gid" to run the entrypoint as; null keeps the runtime's own.</summary>
    public string? User { get; init; }

    /// <summary>Relative path ('/'-separated, no leading '/', no "..") → lowercase hex SHA-256.</summary>
    public IReadOnlyDictionary<string, string> TrustedFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Relative directories the workload may write; their content is not hashed.</summary>
    public IReadOnlyList<string> RwDirs { get; init; } = [];

    /// <summary>Relative directories sealed by the runtime; their content is not hashed.</summary>
    public IReadOnlyList<string> EncryptedDirs { get; init; } = [];

    public IReadOnlyList<CertificateRequestSpec> Certificates { get; init; } = [];

    public IReadOnlyList<CaCertificateSpec> CaCertificates { get; init; } = [];

    public HeartbeatSpec Heartbeat { get; init; } = new();

    [JsonPropertyName("isvprodid")]
    public ushort IsvProdId { get; init; }

    [JsonPropertyName("isvsvn")]
    public ushort IsvSvn { get; init; }

    /// <summary>Enclave size with a K, M or G suffix (e.g. "2048M"); informational on the simulated platform.</summary>
    public string? MemSize { get; init; }

    public int? Threads { get; init; }

    /// <summary>Signs the enclave as a debug enclave (SIGSTRUCT ATTRIBUTES.DEBUG and header type bit 31).</summary>
    public bool Debug { get; init; }
}
