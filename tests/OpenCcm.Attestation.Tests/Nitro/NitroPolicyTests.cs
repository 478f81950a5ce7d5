using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Simulation;
using static OpenCcm.Attestation.Tests.Nitro.NitroTestDocuments;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>The policy layer, apart from authenticity: each rule refuses with its own code.</summary>
public sealed class NitroPolicyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-09-09T19:50:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static NitroClaims ClaimsOfC() => NitroClaims.From(NitroAttestationDocument.Parse(SampleC()));

    private static NitroClaims Production(byte[]? nonce = null) => new(
        "i-1-enc1",
        "SHA384",
        (ulong)Now.AddSeconds(-30).ToUnixTimeMilliseconds(),
        new Dictionary<int, byte[]> { [0] = Filled(1), [1] = Filled(2), [2] = Filled(3) },
        UserData: [9],
        Nonce: nonce,
        PublicKey: [7],
        Debug: false);

    [Fact]
    public void A_matching_production_enclave_passes()
    {
        var policy = new NitroPolicy
        {
            ExpectedPcrs = new Dictionary<int, byte[]> { [0] = Filled(1), [2] = Filled(3) },
            ExpectedNonce = [5],
            ExpectedUserData = [9],
            ExpectedPublicKey = [7],
            MaximumAge = TimeSpan.FromMinutes(5),
        };

        Assert.Empty(NitroPolicyEvaluator.Evaluate(policy, Production(nonce: [5]), Now));
    }

    [Fact]
    public void A_debug_enclave_is_refused_unless_allowed()
    {
        Assert.Equal([FindingCodes.PolicyDebugEnabled], Codes(new NitroPolicy(), ClaimsOfC()));
        Assert.Empty(Codes(new NitroPolicy { AllowDebug = true }, ClaimsOfC()));
    }

    [Fact]
    public void A_pcr_mismatch_is_refused()
    {
        var policy = new NitroPolicy { ExpectedPcrs = new Dictionary<int, byte[]> { [0] = Filled(1), [1] = Filled(9) } };

        Assert.Equal([FindingCodes.NitroPolicyPcrMismatch], Codes(policy, Production()));
    }

    [Fact]
    public void A_pcr_the_document_lacks_is_refused()
    {
        var policy = new NitroPolicy { ExpectedPcrs = new Dictionary<int, byte[]> { [8] = Filled(1) } };

        Assert.Equal([FindingCodes.NitroPolicyPcrMissing], Codes(policy, Production()));
    }

    [Fact]
    public void Sample_C_pcrs_match_their_expected_values()
    {
        var policy = new NitroPolicy
        {
            AllowDebug = true,
            ExpectedPcrs = new Dictionary<int, byte[]>
            {
                [3] = Convert.FromHexString("671ca1e328f75015b2aeee60639cc5252bc835d8bb690444d1f8e2bf4260f73dc1b71e07a14a770c7d0becac6eb3b53f"),
                [4] = Convert.FromHexString("d352cfa31b8dc5f4856c9fa8181b19ed12f5da23883ac4ec729530f50dc1d37f1ac3876a7af39bd4de7a2aead14d14cb"),
            },
            ExpectedNonce = Convert.FromHexString("0000000000000000000000000000000000000001"),
            ExpectedPublicKey = "dummy"u8.ToArray(),
        };

        Assert.Empty(Codes(policy, ClaimsOfC()));
    }

    [Fact]
    public void A_nonce_mismatch_is_refused()
    {
        var policy = new NitroPolicy { AllowDebug = true, ExpectedNonce = Convert.FromHexString("0000000000000000000000000000000000000002") };

        Assert.Equal([FindingCodes.NitroPolicyNonceMismatch], Codes(policy, ClaimsOfC()));
    }

    [Fact]
    public void An_expected_nonce_the_document_lacks_is_refused() =>
        Assert.Equal([FindingCodes.NitroPolicyNonceMismatch], Codes(new NitroPolicy { ExpectedNonce = [1] }, Production(nonce: null)));

    [Fact]
    public void User_data_and_public_key_mismatches_are_refused()
    {
        var policy = new NitroPolicy { ExpectedUserData = [8], ExpectedPublicKey = [6] };

        Assert.Equal([FindingCodes.NitroPolicyUserDataMismatch, FindingCodes.NitroPolicyPublicKeyMismatch], Codes(policy, Production()));
    }

    [Fact]
    public void Freshness_is_bounded_both_ways()
    {
        var policy = new NitroPolicy { MaximumAge = TimeSpan.FromMinutes(5) };
        var claims = Production();

        Assert.Empty(NitroPolicyEvaluator.Evaluate(policy, claims, Now));
        Assert.Equal([FindingCodes.NitroPolicyTimestampTooOld], NitroPolicyEvaluator.Evaluate(policy, claims, Now.AddMinutes(5)).Select(f => f.Code));
        Assert.Equal([FindingCodes.NitroPolicyTimestampInFuture], NitroPolicyEvaluator.Evaluate(policy, claims, Now.AddMinutes(-2)).Select(f => f.Code));
    }

    [Fact]
    public void Sample_A_is_too_old_three_hours_later()
    {
        var claims = NitroClaims.From(NitroAttestationDocument.Parse(SampleA()));
        var policy = new NitroPolicy { AllowDebug = true, MaximumAge = TimeSpan.FromMinutes(10) };

        Assert.Empty(NitroPolicyEvaluator.Evaluate(policy, claims, InsideA.Time));
        Assert.Equal([FindingCodes.NitroPolicyTimestampTooOld], NitroPolicyEvaluator.Evaluate(policy, claims, InsideA.Time.AddHours(3)).Select(f => f.Code));
    }

    [Fact]
    public void Simulated_verdicts_are_refused_unless_allowed()
    {
        var directory = Path.Combine(Path.GetTempPath(), "openccm-nitro-policy-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var platform = SimulatedNitroPlatform.OpenOrCreate(directory);
            var verdict = new NitroAttestationVerifier().Verify(platform.CreateDocument(), TrustingSimulated(platform));
            Assert.True(verdict.Verified);

            Assert.Equal([FindingCodes.PolicySimulatedNotAllowed, FindingCodes.PolicyDebugEnabled], NitroPolicyEvaluator.Evaluate(new NitroPolicy(), verdict, DateTimeOffset.UtcNow).Select(f => f.Code));
            Assert.Empty(NitroPolicyEvaluator.Evaluate(new NitroPolicy { AllowSimulated = true, AllowDebug = true }, verdict, DateTimeOffset.UtcNow));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_verdict_of_another_format_cannot_be_judged()
    {
        var malformed = VerdictBuilder.Malformed(EvidenceFormats.SgxQuote, new EvidenceFormatException("x"));

        Assert.Equal([FindingCodes.UnsupportedFormat], NitroPolicyEvaluator.Evaluate(new NitroPolicy(), malformed, Now).Select(f => f.Code));
    }

    private static string[] Codes(NitroPolicy policy, NitroClaims claims) => NitroPolicyEvaluator.Evaluate(policy, claims, Now).Select(f => f.Code).ToArray();

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, 48).ToArray();
}
