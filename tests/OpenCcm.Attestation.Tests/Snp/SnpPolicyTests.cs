using System.Security.Cryptography;
using OpenCcm.Attestation.Snp;
using static OpenCcm.Attestation.Tests.Snp.SnpSamples;

namespace OpenCcm.Attestation.Tests.Snp;

public sealed class SnpPolicyTests
{
    private static SnpClaims Claims(string sample) => Assert.IsType<SnpClaims>(Verifier.Verify(ReportBytes(sample), Context(sample)).Claims);

    private static string[] Codes(SnpPolicy policy, string sample) => SnpPolicyEvaluator.Refusals(Claims(sample), policy).Select(f => f.Code).ToArray();

    [Fact]
    public void Authentic_vmpl_1_report_is_refused_by_a_vmpl_0_policy()
    {
        var verdict = Verifier.Verify(ReportBytes(MilanVlek), Context(MilanVlek));

        var refused = SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy());

        Assert.True(verdict.Verified); // authenticity holds …
        Assert.False(refused.Allowed); // … the policy refuses
        Assert.Equal([FindingCodes.PolicyVmplMismatch], refused.Findings.Select(f => f.Code));
        Assert.True(SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy { RequiredVmpl = 1 }).Allowed);
        Assert.True(SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy { RequiredVmpl = null }).Allowed);
    }

    [Fact]
    public void Debug_guest_is_refused_unless_allowed()
    {
        Assert.Equal([FindingCodes.PolicyDebugEnabled], Codes(new SnpPolicy(), MilanVcek));
        Assert.Empty(Codes(new SnpPolicy { AllowDebug = true }, MilanVcek));
    }

    [Fact]
    public void Migration_agent_is_refused_unless_allowed()
    {
        var claims = WithPolicy(SnpGuestPolicy.Default | (1UL << 18));

        var policy = new SnpPolicy { RequiredVmpl = 1 };

        Assert.Equal([FindingCodes.PolicyMigrationAgentNotAllowed], SnpPolicyEvaluator.Refusals(claims, policy).Select(f => f.Code));
        Assert.Empty(SnpPolicyEvaluator.Refusals(claims, policy with { AllowMigrationAgent = true }));
    }

    [Fact]
    public void Minimum_tcb_compares_every_component_of_reported_tcb()
    {
        // Sample C: REPORTED_TCB bl 4, tee 0, snp 24, ucode 217 (CURRENT_TCB has ucode 220: the reported one counts).
        var policy = new SnpPolicy { RequiredVmpl = 1 };

        Assert.Empty(Codes(policy with { MinimumTcb = new SnpMinimumTcb(4, 0, 24, 217) }, MilanVlek));
        Assert.Equal([FindingCodes.PolicySnpTcbTooLow], Codes(policy with { MinimumTcb = new SnpMinimumTcb(4, 0, 24, 218) }, MilanVlek));
        Assert.Equal([FindingCodes.PolicySnpTcbTooLow], Codes(policy with { MinimumTcb = new SnpMinimumTcb(5, 0, 0, 0) }, MilanVlek));
        Assert.Equal([FindingCodes.PolicySnpTcbTooLow], Codes(policy with { MinimumTcb = new SnpMinimumTcb(0, 1, 0, 0) }, MilanVlek));
        Assert.Equal([FindingCodes.PolicySnpTcbTooLow], Codes(policy with { MinimumTcb = new SnpMinimumTcb(0, 0, 25, 0) }, MilanVlek));
    }

    [Fact]
    public void Report_data_host_data_and_measurement_must_match_when_given()
    {
        var claims = Claims(MilanVlek);
        var policy = new SnpPolicy
        {
            RequiredVmpl = 1,
            ExpectedReportData = claims.ReportData,
            ExpectedHostData = claims.HostData,
            AllowedMeasurements = [new byte[48], claims.Measurement],
        };
        var wrong = policy with
        {
            ExpectedReportData = new byte[64],
            ExpectedHostData = SHA256.HashData("other"u8),
            AllowedMeasurements = [new byte[48]],
        };

        Assert.Empty(SnpPolicyEvaluator.Refusals(claims, policy));
        Assert.Equal(
            [FindingCodes.PolicyReportDataMismatch, FindingCodes.PolicyHostDataMismatch, FindingCodes.PolicyMeasurementNotAllowed],
            SnpPolicyEvaluator.Refusals(claims, wrong).Select(f => f.Code));
    }

    [Fact]
    public void Signing_key_and_guest_svn_restrictions()
    {
        var policy = new SnpPolicy { RequiredVmpl = 1 };

        Assert.Equal([FindingCodes.PolicySnpSigningKeyNotAllowed], Codes(policy with { AllowedSigningKeys = [SnpSigningKey.Vcek] }, MilanVlek));
        Assert.Empty(Codes(policy with { AllowedSigningKeys = [SnpSigningKey.Vcek, SnpSigningKey.Vlek] }, MilanVlek));
        Assert.Equal([FindingCodes.PolicySnpGuestSvnTooLow], Codes(policy with { MinimumGuestSvn = 1 }, MilanVlek));
    }

    [Fact]
    public void Simulated_evidence_is_refused_unless_allowed()
    {
        var claims = Claims(MilanVlek);
        var policy = new SnpPolicy { RequiredVmpl = 1 };

        Assert.Equal([FindingCodes.PolicySimulatedNotAllowed], SnpPolicyEvaluator.Refusals(claims, policy, simulated: true).Select(f => f.Code));
        Assert.Empty(SnpPolicyEvaluator.Refusals(claims, policy with { AllowSimulated = true }, simulated: true));
    }

    [Fact]
    public void A_verdict_without_snp_claims_is_refused()
    {
        var verdict = Verifier.Verify(new byte[10], Context(MilanVlek));

        var decision = SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy());

        Assert.False(decision.Allowed);
        Assert.Contains(decision.Findings, f => f.Code == FindingCodes.UnsupportedFormat);
    }

    [Fact]
    public void An_inauthentic_verdict_is_never_allowed()
    {
        var verdict = Verifier.Verify(Flip(ReportBytes(MilanVlek), 0x90), Context(MilanVlek));

        var decision = SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy { RequiredVmpl = 1 });

        Assert.False(decision.Allowed);
        Assert.Contains(decision.Findings, f => f.Code == OpenCcm.Attestation.Policy.PolicyDecision.EvidenceNotAuthentic);
    }

    [Fact]
    public void Unchecked_revocation_is_refused_when_required()
    {
        var verdict = Verifier.Verify(ReportBytes(MilanVlek), Context(MilanVlek));

        var decision = SnpPolicyEvaluator.Evaluate(verdict, new SnpPolicy { RequiredVmpl = 1, RequireRevocationCheck = true });

        Assert.False(decision.Allowed);
        Assert.Equal([FindingCodes.PolicyRevocationNotChecked], decision.Findings.Select(f => f.Code));
    }

    // Claims of a report whose POLICY differs from sample C's (policy checks read only the parsed fields).
    private static SnpClaims WithPolicy(ulong policy)
    {
        var report = ReportBytes(MilanVlek);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(report.AsSpan(0x08), policy);
        return new SnpClaims(SnpReport.Parse(report), SnpProduct.Milan);
    }
}
