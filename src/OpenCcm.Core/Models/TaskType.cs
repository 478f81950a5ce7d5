namespace OpenCcm.Core.Models;

/// <summary>What a task decides (Fortanix <c>task_type</c>).</summary>
public enum TaskType
{
    /// <summary>Admit a node.</summary>
    NodeAttestation,

    /// <summary>Issue a certificate.</summary>
    CertificateIssuance,

    /// <summary>Allowlist a build.</summary>
    BuildWhitelist,

    /// <summary>Approve an app's domains.</summary>
    DomainWhitelist,
}
