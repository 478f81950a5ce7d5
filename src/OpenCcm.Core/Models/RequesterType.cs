using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Who asked for a task (Fortanix <c>requester_type</c>).</summary>
public enum RequesterType
{
    /// <summary>A user.</summary>
    [JsonStringEnumMemberName("USER")]
    User,

    /// <summary>An app (workload).</summary>
    [JsonStringEnumMemberName("APP")]
    App,

    /// <summary>The manager itself.</summary>
    [JsonStringEnumMemberName("SYSTEM")]
    System,
}
