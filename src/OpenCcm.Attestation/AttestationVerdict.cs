namespace OpenCcm.Attestation;

/// <summary>
/// The outcome of verifying one piece of evidence: authenticity only (signatures, chains, revocation,
/// collateral validity at the verification time). TCB status and claims are reported for a policy to judge.
/// Built through <see cref="VerdictBuilder"/>, which fails closed: a verdict is authentic only when the
/// verifier reached its end and recorded no error.
/// </summary>
public sealed class AttestationVerdict
{
    internal AttestationVerdict(
        string format,
        bool verified,
        IEvidenceClaims? claims,
        string? tcbStatus,
        IReadOnlyList<string> advisories,
        bool simulated,
        IReadOnlyList<Finding> findings,
        bool malformed)
    {
        Malformed = malformed;
        Format = format;
        Verified = verified;
        Claims = claims;
        TcbStatus = tcbStatus;
        Advisories = advisories;
        Simulated = simulated;
        Findings = findings;
    }

    /// <summary>The evidence format name, e.g. <c>sgx-quote</c> (see <see cref="EvidenceFormats"/>).</summary>
    public string Format { get; }

    /// <summary>True only when every authenticity check ran and passed.</summary>
    public bool Verified { get; }

    /// <summary>What the evidence says about the workload; present when the evidence could be parsed.</summary>
    public IEvidenceClaims? Claims { get; }

    /// <summary>The platform TCB status (Intel's names, e.g. <c>UpToDate</c>, <c>SWHardeningNeeded</c>), when evaluated.</summary>
    public string? TcbStatus { get; }

    /// <summary>Security advisory IDs attached to the matched TCB levels.</summary>
    public IReadOnlyList<string> Advisories { get; }

    /// <summary>True when the evidence chains to a simulated root (never real TEE hardware).</summary>
    public bool Simulated { get; }

    /// <summary>Every observation, errors first in the order found.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The findings that break authenticity.</summary>
    public IEnumerable<Finding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error);

    /// <summary>True when the evidence could not be parsed at all (the CLI's exit code 3).</summary>
    public bool Malformed { get; }

    /// <summary>True when a finding with this code was recorded.</summary>
    public bool Has(string code) => Findings.Any(f => f.Code == code);
}
