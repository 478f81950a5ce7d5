namespace OpenCcm.Core.Models;

/// <summary>An application whose builds may run on nodes and get certificates (Fortanix <c>app_id, name, allowed_domains, whitelisted_domains, labels</c>).</summary>
public sealed record App
{
    /// <summary>Identifier (<c>app_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Name, unique within the account.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Domains requested for the app's certificates (approval pending or done).</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];

    /// <summary>Domains approved by a DOMAIN_WHITELIST task; only these go into certificates.</summary>
    public IReadOnlyList<string> WhitelistedDomains { get; init; } = [];

    /// <summary>The open DOMAIN_WHITELIST task, if any.</summary>
    public Guid? PendingTaskId { get; init; }

    /// <summary>Labels a node must carry for the app's workloads to get certificates there.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Certificate settings.</summary>
    public AppCertificateSettings CertificateSettings { get; init; } = new();

    /// <summary>Source image (<c>input_image_name</c>).</summary>
    public string? InputImageName { get; init; }

    /// <summary>Converted image (<c>output_image_name</c>).</summary>
    public string? OutputImageName { get; init; }

    /// <summary>Other Fortanix <c>advanced_settings</c>, kept verbatim as JSON.</summary>
    public string? AdvancedSettingsJson { get; init; }

    /// <summary>When the app was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
