namespace OpenCcm.Core.Models;

/// <summary>Who asked for a task (Fortanix <c>requester_type</c>).</summary>
public enum RequesterType
{
    /// <summary>A user.</summary>
    User,

    /// <summary>An app (workload).</summary>
    App,

    /// <summary>The manager itself.</summary>
    System,
}
