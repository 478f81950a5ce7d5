namespace OpenCcm.Core.Audit;

/// <summary>How an audited action ended. Encoded in the chain as SUCCESS, FAILURE or DENIED.</summary>
public enum AuditOutcome
{
    /// <summary>Done.</summary>
    Success,

    /// <summary>Attempted and failed (bad input, infrastructure).</summary>
    Failure,

    /// <summary>Refused by a rule (authorization, policy); the details name the rule.</summary>
    Denied,
}
