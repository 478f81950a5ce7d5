namespace OpenCcm.Core.Approvals;

/// <summary>What a decision did to a task.</summary>
public enum TaskApprovalOutcome
{
    /// <summary>The approval was recorded; the task still needs more distinct approvers.</summary>
    Recorded,

    /// <summary>The approval was recorded and completed the task (status SUCCESS).</summary>
    Completed,

    /// <summary>The denial was recorded and ended the task (status DENIED).</summary>
    Denied,

    /// <summary>Refused: this user already decided on the task; nothing changed.</summary>
    AlreadyDecided,

    /// <summary>Refused: the task is no longer in progress; nothing changed.</summary>
    TaskClosed,
}
