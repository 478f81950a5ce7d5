namespace OpenCcm.AgentProtocol;

/// <summary>Fortanix's certificate task statuses (reference/fortanix-ccm.md §2.4 step 6), as <c>task_status</c> carries them.</summary>
public static class TaskStatuses
{
    public const string Success = "SUCCESS";
    public const string Denied = "DENIED";
    public const string Failed = "FAILED";
    public const string InProgress = "INPROGRESS";
    public const string PendingWhitelist = "PENDING_WHITELIST";
}

/// <summary>Values of a heartbeat payload's <c>status</c>.</summary>
public static class HeartbeatStatuses
{
    public const string Running = "running";
    public const string Stopped = "stopped";
}
