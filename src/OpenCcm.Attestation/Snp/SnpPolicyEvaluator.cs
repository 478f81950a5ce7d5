using OpenCcm.Attestation.Policy;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// Judges an SEV-SNP verdict against a <see cref="SnpPolicy"/> (the policy layer); never changes the verdict itself.
/// </summary>
public static class SnpPolicyEvaluator
{
    /// <summary>Allowed only when the verdict is authentic and no rule refuses it; a verdict without SNP claims is refused.</summary>
    public static PolicyDecision Evaluate(AttestationVerdict verdict, SnpPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(policy);
        if (verdict.Claims is not SnpClaims claims)
        {
            return PolicyDecision.From(verdict, [Finding.Error(FindingCodes.UnsupportedFormat, $"An SEV-SNP policy cannot judge {verdict.Format} evidence.")]);
        }

        var refusals = Refusals(claims, policy, verdict.Simulated).ToList();
        if (policy.RequireRevocationCheck && verdict.Has(FindingCodes.RevocationNotChecked))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyRevocationNotChecked, "Revocation of the ASK/ASVK was not checked (no AMD CRL), which this policy requires."));
        }

        return PolicyDecision.From(verdict, refusals);
    }

    /// <summary>One error finding per rule the claims break (empty = acceptable), ignoring authenticity.</summary>
    public static IReadOnlyList<Finding> Refusals(SnpClaims claims, SnpPolicy policy, bool simulated = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(claims);
        var findings = new List<Finding>();
        void Refuse(string code, string message) => findings.Add(Finding.Error(code, message));

        if (simulated && !policy.AllowSimulated)
        {
            Refuse(FindingCodes.PolicySimulatedNotAllowed, "The report comes from a simulated platform.");
        }

        if (claims.Policy.DebugAllowed && !policy.AllowDebug)
        {
            Refuse(FindingCodes.PolicyDebugEnabled, $"The guest POLICY ({claims.Policy.Hex}) allows debugging.");
        }

        if (claims.Policy.MigrationAgentAllowed && !policy.AllowMigrationAgent)
        {
            Refuse(FindingCodes.PolicyMigrationAgentNotAllowed, $"The guest POLICY ({claims.Policy.Hex}) allows a migration agent.");
        }

        if (policy.RequiredVmpl is { } vmpl && claims.Vmpl != vmpl)
        {
            Refuse(FindingCodes.PolicyVmplMismatch, $"The report was requested at VMPL {claims.Vmpl}; VMPL {vmpl} is required.");
        }

        if (policy.AllowedSigningKeys is { } keys && !keys.Contains(claims.SigningKey))
        {
            Refuse(FindingCodes.PolicySnpSigningKeyNotAllowed, $"Reports signed by a {claims.SigningKey} are not accepted.");
        }

        if (policy.MinimumTcb is { } minimum && !MeetsMinimum(claims.ReportedTcb, minimum))
        {
            Refuse(FindingCodes.PolicySnpTcbTooLow, $"REPORTED_TCB ({claims.ReportedTcb}) is below the minimum ({minimum}).");
        }

        if (policy.MinimumGuestSvn is { } svn && claims.GuestSvn < svn)
        {
            Refuse(FindingCodes.PolicySnpGuestSvnTooLow, $"GUEST_SVN {claims.GuestSvn} is below {svn}.");
        }

        if (policy.ExpectedReportData is { } reportData && !reportData.AsSpan().SequenceEqual(claims.ReportData))
        {
            Refuse(FindingCodes.PolicyReportDataMismatch, $"REPORT_DATA is {Bytes.Hex(claims.ReportData)}; expected {Bytes.Hex(reportData)}.");
        }

        if (policy.ExpectedHostData is { } hostData && !hostData.AsSpan().SequenceEqual(claims.HostData))
        {
            Refuse(FindingCodes.PolicyHostDataMismatch, $"HOST_DATA is {Bytes.Hex(claims.HostData)}; expected {Bytes.Hex(hostData)}.");
        }

        if (policy.AllowedMeasurements is { } measurements && !measurements.Any(m => m.AsSpan().SequenceEqual(claims.Measurement)))
        {
            Refuse(FindingCodes.PolicyMeasurementNotAllowed, $"MEASUREMENT {Bytes.Hex(claims.Measurement)} is not allowed.");
        }

        return findings;
    }

    private static bool MeetsMinimum(SnpTcbVersion tcb, SnpMinimumTcb minimum) =>
        tcb.BootLoader >= minimum.BootLoader && tcb.Tee >= minimum.Tee && tcb.Snp >= minimum.Snp && tcb.Microcode >= minimum.Microcode
        && (tcb.Fmc is not { } fmc || fmc >= minimum.Fmc);
}
