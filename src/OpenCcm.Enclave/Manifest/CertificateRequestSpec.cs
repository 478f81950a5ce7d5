using System.Text.Json.Serialization;

namespace OpenCcm.Enclave.Manifest;

/// <summary>A certificate the runtime obtains for the workload (Fortanix names; reference/fortanix-ccm.md §4).</summary>
public sealed record CertificateRequestSpec
{
    public const string ManagerCa = "MANAGER_CA";

    public const string NoChain = "none";

    /// <summary>The issuance strategy; only "MANAGER_CA" (the zone CA through the node agent) exists.</summary>
    public string Issuer { get; set; } = ManagerCa;

    /// <summary>The subject's common name, typically a DNS name.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Subject alternative names with a type prefix: "DNS:name", "IP:address", "URI:uri", "EMAIL:address".</summary>
    public IReadOnlyList<string> AltNames { get; set; } = [];

    /// <summary>"rsa" or "ec".</summary>
    public string KeyType { get; set; } = string.Empty;

    /// <summary>rsa: {"size": 2048|3072}; ec: {"curve": "P-256"|"P-384"}.</summary>
    public KeyParamSpec KeyParam { get; set; } = new();

    /// <summary>Where the private key is written (mode 0600), inside the root.</summary>
    public string KeyPath { get; set; } = string.Empty;

    public string CertPath { get; set; } = string.Empty;

    /// <summary>Where the CA chain is written; null or "none" (Fortanix's spelling) writes no chain.</summary>
    public string? ChainPath { get; set; }

    /// <summary>Renew when less than this remains; null: the runtime's default (10 days, as Fortanix).</summary>
    public int? RenewBeforeSeconds { get; set; }

    /// <summary>Signal sent to the workload after a renewal (SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGINT); null: none.</summary>
    public string? ReloadSignal { get; set; }

    /// <summary>The chain path to write, or null when the manifest asks for none.</summary>
    [JsonIgnore]
    public string? ChainFile => ChainPath is null or NoChain ? null : ChainPath;
}

/// <summary>The key parameters of a <see cref="CertificateRequestSpec"/>: size for rsa, curve for ec.</summary>
public sealed record KeyParamSpec
{
    public int? Size { get; set; }

    public string? Curve { get; set; }
}
