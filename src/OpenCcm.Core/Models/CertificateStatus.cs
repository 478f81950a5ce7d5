using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Certificate status (Fortanix <c>status</c>: PENDING|REJECTED|ISSUED|REVOKED|EXPIRED).</summary>
public enum CertificateStatus
{
    /// <summary>Requested, not yet decided.</summary>
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    /// <summary>Refused; <see cref="Certificate.Reason"/> names the rule.</summary>
    [JsonStringEnumMemberName("REJECTED")]
    Rejected,

    /// <summary>Issued and valid.</summary>
    [JsonStringEnumMemberName("ISSUED")]
    Issued,

    /// <summary>Revoked; it appears on the zone CRL until it expires.</summary>
    [JsonStringEnumMemberName("REVOKED")]
    Revoked,

    /// <summary>Past its validity.</summary>
    [JsonStringEnumMemberName("EXPIRED")]
    Expired,
}
