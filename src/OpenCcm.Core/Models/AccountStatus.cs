using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Account status, as the Fortanix API's <c>status</c> (ACTIVE|PENDING|DISABLED).</summary>
public enum AccountStatus
{
    /// <summary>In use.</summary>
    [JsonStringEnumMemberName("ACTIVE")]
    Active,

    /// <summary>Created but not yet usable (e.g. awaiting confirmation).</summary>
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    /// <summary>Switched off: no logins, no issuance.</summary>
    [JsonStringEnumMemberName("DISABLED")]
    Disabled,
}
