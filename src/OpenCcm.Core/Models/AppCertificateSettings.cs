namespace OpenCcm.Core.Models;

/// <summary>How certificates for an app's workloads are made (Fortanix <c>advanced_settings.certificate</c>).</summary>
public sealed record AppCertificateSettings
{
    /// <summary>Issuance strategy; only <c>MANAGER_CA</c> (the zone CA) is implemented.</summary>
    public string Issuer { get; init; } = "MANAGER_CA";

    /// <summary>Key type the workload generates: <c>rsa</c> or <c>ec</c>.</summary>
    public string KeyType { get; init; } = "rsa";

    /// <summary>Key size in bits (RSA) or curve size (EC).</summary>
    public int KeySize { get; init; } = 2048;

    /// <summary>Certificate lifetime.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Subject common name; null uses the first approved domain.</summary>
    public string? Subject { get; init; }
}
