namespace OpenCcm.Core.Models;

/// <summary>Certificate status (Fortanix <c>status</c>: PENDING|REJECTED|ISSUED|REVOKED|EXPIRED).</summary>
public enum CertificateStatus
{
    /// <summary>Requested, not yet decided.</summary>
    Pending,

    /// <summary>Refused; <see cref="Certificate.Reason"/> names the rule.</summary>
    Rejected,

    /// <summary>Issued and valid.</summary>
    Issued,

    /// <summary>Revoked; it appears on the zone CRL until it expires.</summary>
    Revoked,

    /// <summary>Past its validity.</summary>
    Expired,
}
