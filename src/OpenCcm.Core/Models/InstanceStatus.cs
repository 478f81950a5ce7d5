using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>An app instance's status, as its heartbeats (and their absence) tell it.</summary>
public enum InstanceStatus
{
    /// <summary>Its last heartbeat said running, and it came in time.</summary>
    [JsonStringEnumMemberName("RUNNING")]
    Running,

    /// <summary>Running, but silent for 3 × its heartbeat interval (at least the manager's minimum); the next heartbeat ends it.</summary>
    [JsonStringEnumMemberName("UNRESPONSIVE")]
    Unresponsive,

    /// <summary>Its last heartbeat reported a clean stop.</summary>
    [JsonStringEnumMemberName("STOPPED")]
    Stopped,
}
