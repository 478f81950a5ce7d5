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

    public int Version { get; set; } = CurrentVersion;

    public string? Name { get; set; }

    /// <summary>Absolute path of the program to start, inside the root (e.g. "/usr/bin/demo").</summary>
    public string Entrypoint { get; set; } = string.Empty;

    public IReadOnlyList<string> Args { get; set; } = [];

    /// <summary>Whether arguments given to the runtime are appended to <see cref="Args"/>.</summary>
    public bool AllowCmdlineArgs { get; set; }

    public IReadOnlyDictionary<string, string> Env { get; set; } = new Dictionary<string, string>();

    public string WorkingDir { get; set; } = "/";

    /// <summary>"uid:gid" to run the entrypoint as; null keeps the runtime's own.</summary>
    public string? User { get; set; }

    /// <summary>Relative path ('/'-separated, no leading '/', no "..") → lowercase hex SHA-256.</summary>
    public IReadOnlyDictionary<string, string> TrustedFiles { get; set; } = new Dictionary<string, string>();

    /// <summary>Relative directories the workload may write; their content is not hashed.</summary>
    public IReadOnlyList<string> RwDirs { get; set; } = [];

    /// <summary>Relative directories sealed by the runtime; their content is not hashed.</summary>
    public IReadOnlyList<string> EncryptedDirs { get; set; } = [];

    public IReadOnlyList<CertificateRequestSpec> Certificates { get; set; } = [];

    public IReadOnlyList<CaCertificateSpec> CaCertificates { get; set; } = [];

    public HeartbeatSpec Heartbeat { get; set; } = new();

    [JsonPropertyName("isvprodid")]
    public ushort IsvProdId { get; set; }

    [JsonPropertyName("isvsvn")]
    public ushort IsvSvn { get; set; }

    /// <summary>Enclave size with a K, M or G suffix (e.g. "2048M"); informational on the simulated platform.</summary>
    public string? MemSize { get; set; }

    public int? Threads { get; set; }

    /// <summary>Signs the enclave as a debug enclave (SIGSTRUCT ATTRIBUTES.DEBUG and header type bit 31).</summary>
    public bool Debug { get; set; }
}
