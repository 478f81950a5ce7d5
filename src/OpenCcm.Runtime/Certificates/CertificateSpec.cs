namespace OpenCcm.Runtime.Certificates;

/// <summary>One certificate the manifest asks for (manifest <c>certificates[]</c>), with paths still as the workload sees them.</summary>
public sealed record CertificateSpec
{
    public string Issuer { get; init; } = "MANAGER_CA";

    public required string Subject { get; init; }

    /// <summary>"DNS:name" entries (a bare name is taken as DNS).</summary>
    public IReadOnlyList<string> AltNames { get; init; } = [];

    /// <summary>"rsa" or "ec".</summary>
    public required string KeyType { get; init; }

    /// <summary>RSA modulus size in bits (2048 or 3072).</summary>
    public int? KeySize { get; init; }

    /// <summary>EC curve: "P-256" or "P-384".</summary>
    public string? Curve { get; init; }

    public required string KeyPath { get; init; }

    public required string CertPath { get; init; }

    /// <summary>Where the certificate and its CA chain go; null or "none" for nowhere.</summary>
    public string? ChainPath { get; init; }

    public long? RenewBeforeSeconds { get; init; }

    public string? ReloadSignal { get; init; }

    /// <summary>The DNS names of <see cref="AltNames"/>.</summary>
    public IReadOnlyList<string> DnsNames() =>
        [.. AltNames.Select(name => name.StartsWith("DNS:", StringComparison.OrdinalIgnoreCase) ? name[4..] : name)];
}
