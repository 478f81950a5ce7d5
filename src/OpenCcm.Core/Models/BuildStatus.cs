namespace OpenCcm.Core.Models;

/// <summary>Build allowlisting status, as Fortanix's <c>status</c> (PENDING|WHITELISTED|REJECTED).</summary>
public enum BuildStatus
{
    /// <summary>Its BUILD_WHITELIST task is open.</summary>
    Pending,

    /// <summary>Approved: its workloads may get certificates.</summary>
    Whitelisted,

    /// <summary>Denied.</summary>
    Rejected,
}
