using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Policy;
using OpenCcm.Attestation.Tests.Dcap;

namespace OpenCcm.Attestation.Tests.Policy;

/// <summary>The policy layer judges authentic verdicts; it is tested apart from authenticity.</summary>
public class SgxPolicyTests
{
    private const string MrEnclaveA = "a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd";
    private static readonly AttestationVerdict SampleA = DcapSamples.VerifyA(DcapSamples.QuoteA);

    [Fact]
    public void DefaultPolicy_AcceptsSampleA_WhoseStatusIsSwHardeningNeeded()
    {
        var decision = SgxPolicyEvaluator.Evaluate(SampleA, new SgxPolicy { AllowedMrEnclaves = new HashSet<string> { MrEnclaveA } });

        Assert.True(decision.Allowed, string.Join("\n", decision.Findings));
    }

    [Fact]
    public void UpToDateOnly_RefusesSampleA_NamingTheRule()
    {
        var policy = new SgxPolicy { AcceptedTcbStatuses = new HashSet<string> { TcbStatuses.UpToDate } };

        var decision = SgxPolicyEvaluator.Evaluate(SampleA, policy);

        Assert.False(decision.Allowed);
        Assert.Equal(FindingCodes.PolicyTcbStatusNotAccepted, Assert.Single(decision.Findings).Code);
    }

    [Theory]
    [InlineData(FindingCodes.PolicyMeasurementNotAllowed)]
    [InlineData(FindingCodes.PolicySignerNotAllowed)]
    [InlineData(FindingCodes.PolicyIsvSvnTooLow)]
    [InlineData(FindingCodes.PolicyReportDataMismatch)]
    public void EachRule_RefusesWithItsOwnCode(string code)
    {
        var policy = code switch
        {
            FindingCodes.PolicyMeasurementNotAllowed => new SgxPolicy { AllowedMrEnclaves = new HashSet<string> { new string('0', 64) } },
            FindingCodes.PolicySignerNotAllowed => new SgxPolicy { AllowedMrSigners = new HashSet<string> { new string('1', 64) } },
            FindingCodes.PolicyIsvSvnTooLow => new SgxPolicy { MinimumIsvSvn = 1 },
            _ => new SgxPolicy { ExpectedReportData = [1, 2, 3] },
        };

        var decision = SgxPolicyEvaluator.Evaluate(SampleA, policy);

        Assert.False(decision.Allowed);
        Assert.Equal(code, Assert.Single(decision.Findings).Code);
    }

    [Fact]
    public void ReportDataBinding_MatchesWhenEqual()
    {
        // Sample A's REPORTDATA is 64 zero bytes.
        var decision = SgxPolicyEvaluator.Evaluate(SampleA, new SgxPolicy { ExpectedReportData = new byte[32] });

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void RevocationRequirement_RefusesAVerdictThatCouldNotCheckIt()
    {
        var sampleB = DcapSamples.Verifier.Verify(
            TestData.Bytes("sgx-dcap", DcapSamples.B, "quote.bin"), new VerificationContext { Time = DcapSamples.BTime, Collateral = DcapSamples.CollateralB });

        // Sample B's enclave is a debug build (ATTRIBUTES 07…): refused by default, allowed when registered as debug.
        Assert.Equal(FindingCodes.PolicyDebugEnabled, Assert.Single(SgxPolicyEvaluator.Evaluate(sampleB, new SgxPolicy()).Findings).Code);
        var open = SgxPolicyEvaluator.Evaluate(sampleB, new SgxPolicy { AllowDebug = true });
        Assert.True(open.Allowed, string.Join("\n", open.Findings));
        var strict = SgxPolicyEvaluator.Evaluate(sampleB, new SgxPolicy { AllowDebug = true, RequireRevocationCheck = true });
        Assert.Equal(FindingCodes.PolicyRevocationNotChecked, Assert.Single(strict.Findings).Code);
    }

    [Fact]
    public void AnInauthenticVerdict_IsNeverAllowed_EvenByAnOpenPolicy()
    {
        var quote = DcapSamples.QuoteA;
        quote[112] ^= 1;

        var decision = SgxPolicyEvaluator.Evaluate(DcapSamples.VerifyA(quote), new SgxPolicy { AcceptedTcbStatuses = new HashSet<string> { TcbStatuses.SwHardeningNeeded } });

        Assert.False(decision.Allowed);
        Assert.Equal(PolicyDecision.EvidenceNotAuthentic, decision.Findings[0].Code);
    }
}
