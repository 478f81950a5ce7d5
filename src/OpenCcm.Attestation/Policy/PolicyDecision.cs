namespace OpenCcm.Attestation.Policy;

/// <summary>
/// The outcome of judging an authentic verdict against a policy. Fails closed: allowed only when the evidence
/// was authentic and no rule refused it. Every refusal names its rule with a stable code ("why was I denied?").
/// </summary>
public sealed record PolicyDecision(bool Allowed, IReadOnlyList<Finding> Findings)
{
    public const string EvidenceNotAuthentic = "PolicyEvidenceNotAuthentic";

    public static PolicyDecision From(AttestationVerdict verdict, IReadOnlyList<Finding> refusals)
    {
        if (!verdict.Verified)
        {
            var reasons = string.Join("; ", verdict.Errors.Select(e => e.Code));
            return new PolicyDecision(false, [Finding.Error(EvidenceNotAuthentic, $"The evidence is not authentic ({reasons})."), .. refusals]);
        }

        return new PolicyDecision(refusals.Count == 0, refusals);
    }
}
