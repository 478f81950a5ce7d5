using System.Text.Json.Serialization;

namespace OpenCcm.Core.Audit;

/// <summary>How an audited action ended. Encoded in the chain as SUCCESS, FAILURE or DENIED.</summary>
public enum AuditOutcome
{
    /// <summary>Done.</summary>
    [JsonStringEnumMemberName("SUCCESS")]
    Success,

    /// <summary>Attempted and failed (bad input, infrastructure).</summary>
    [JsonStringEnumMemberName("FAILURE")]
    Failure,

    /// <summary>Refused by a rule (authorization, policy); the details name the rule.</summary>
    [JsonStringEnumMemberName("DENIED")]
    Denied,
}
