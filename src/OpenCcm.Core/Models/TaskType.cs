using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>What a task decides (Fortanix <c>task_type</c>).</summary>
public enum TaskType
{
    /// <summary>Admit a node.</summary>
    [JsonStringEnumMemberName("NODE_ATTESTATION")]
    NodeAttestation,

    /// <summary>Issue a certificate.</summary>
    [JsonStringEnumMemberName("CERTIFICATE_ISSUANCE")]
    CertificateIssuance,

    /// <summary>Allowlist a build.</summary>
    [JsonStringEnumMemberName("BUILD_WHITELIST")]
    BuildWhitelist,

    /// <summary>Approve an app's domains.</summary>
    [JsonStringEnumMemberName("DOMAIN_WHITELIST")]
    DomainWhitelist,
}
