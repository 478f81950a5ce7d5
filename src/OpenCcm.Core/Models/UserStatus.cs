using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>User status.</summary>
public enum UserStatus
{
    /// <summary>Can log in.</summary>
    [JsonStringEnumMemberName("ACTIVE")]
    Active,

    /// <summary>Invited or signed up, not yet confirmed.</summary>
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    /// <summary>Cannot log in.</summary>
    [JsonStringEnumMemberName("DISABLED")]
    Disabled,
}
