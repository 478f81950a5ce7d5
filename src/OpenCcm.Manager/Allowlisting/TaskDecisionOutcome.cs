namespace OpenCcm.Manager.Allowlisting;

/// <summary>How <c>PATCH /v1/tasks/{id}</c> ended.</summary>
internal enum TaskDecisionOutcome
{
    /// <summary>No such task in the caller's account.</summary>
    NotFound,

    /// <summary>Refused: the caller already decided on this task.</summary>
    AlreadyDecided,

    /// <summary>Refused: the task is no longer in progress.</summary>
    TaskClosed,

    /// <summary>Refused: another decision changed the task twice while this one was being applied.</summary>
    Concurrent,

    /// <summary>The decision was recorded (the task is still open, or closed with its effect applied).</summary>
    Recorded,
}
