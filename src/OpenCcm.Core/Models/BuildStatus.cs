using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Build allowlisting status, as Fortanix's <c>status</c> (PENDING|WHITELISTED|REJECTED).</summary>
public enum BuildStatus
{
    /// <summary>Its BUILD_WHITELIST task is open.</summary>
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    /// <summary>Approved: its workloads may get certificates.</summary>
    [JsonStringEnumMemberName("WHITELISTED")]
    Whitelisted,

    /// <summary>Denied.</summary>
    [JsonStringEnumMemberName("REJECTED")]
    Rejected,
}
