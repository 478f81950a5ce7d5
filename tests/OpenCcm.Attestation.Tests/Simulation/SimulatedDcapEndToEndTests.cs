using System.Security.Cryptography;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>A simulated quote goes through the same DCAP verifier as real hardware's, and only when simulation is allowed.</summary>
public sealed class SimulatedDcapEndToEndTests(SimulatedPlatformFixture fixture) : IClassFixture<SimulatedPlatformFixture>, IDisposable
{
    private readonly TemporaryDirectory _collateral = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly DcapQuoteVerifier _verifier = new();

    public void Dispose() => _collateral.Dispose();

    [Fact]
    public void Quote_WithSimulationAllowed_IsVerifiedUpToDateAndSimulated()
    {
        var reportData = RandomNumberGenerator.GetBytes(64);
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), reportData);

        var verdict = _verifier.Verify(quote, Allowing());

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(TcbStatuses.UpToDate, verdict.TcbStatus);
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedEvidence));
        var claims = verdict.Claims!.ToDictionary();
        Assert.Equal(Convert.ToHexStringLower(fixture.Workload().MrEnclave.Span), claims["mrenclave"]);
        Assert.Equal(Convert.ToHexStringLower(reportData), claims["reportData"]);
        Assert.Equal(false, claims["debug"]);
    }

    [Fact]
    public void Quote_TrustingOnlyTheRootInTheCollateral_IsVerified()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);

        var verdict = _verifier.Verify(quote, new VerificationContext { Time = _now, Collateral = Collateral(), AllowSimulated = true });

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.True(verdict.Simulated);
    }

    [Fact]
    public void Quote_WithoutAllowingSimulation_IsSimulatedRootNotTrusted()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);

        var verdict = _verifier.Verify(
            quote, new VerificationContext { Time = _now, Collateral = Collateral(), SimulatedRoots = [fixture.Platform.RootCertificate] });

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted));
    }

    [Fact]
    public void Quote_OfAnotherSimulatedPlatform_IsNotTrustedByThisOnesRoot()
    {
        using var directory = new TemporaryDirectory();
        using var other = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var quote = other.CreateQuote(fixture.Workload(), []);
        var collateral = fixture.Platform.CreateCollateral(_now).Files.Where(f => !f.Key.EndsWith(".pem", StringComparison.Ordinal));
        var builder = new CollateralSet.Builder();
        foreach (var (name, content) in collateral)
        {
            builder.Add(content, name);
        }

        var verdict = _verifier.Verify(
            quote, new VerificationContext { Time = _now, Collateral = builder.Build(), AllowSimulated = true, SimulatedRoots = [fixture.Platform.RootCertificate] });

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted));
    }

    [Fact]
    public void Quote_DebugEnclave_IsAuthentic_AndSaysDebug()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(debug: true), []);

        var verdict = _verifier.Verify(quote, Allowing());

        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings));
        Assert.Equal(true, verdict.Claims!.ToDictionary()["debug"]);
    }

    [Theory]
    [InlineData(100, FindingCodes.QuoteSignatureInvalid)]      // ISV MRENCLAVE
    [InlineData(431, FindingCodes.QuoteSignatureInvalid)]      // last REPORTDATA byte
    [InlineData(440, FindingCodes.QuoteSignatureInvalid)]      // ISV signature
    [InlineData(600, FindingCodes.QeReportSignatureInvalid)]   // QE report
    [InlineData(1000, FindingCodes.QeReportSignatureInvalid)]  // QE report signature
    [InlineData(1020, FindingCodes.AttestationKeyBindingMismatch)] // QE auth data
    public void Quote_Tampered_FailsWithTheRightCode(int offset, string code)
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);
        quote[offset] ^= 0x01;

        var verdict = _verifier.Verify(quote, Allowing());

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Fact]
    public void Quote_TruncatedAtEveryLength_IsNeverVerifiedNorThrows()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);
        var context = Allowing();
        for (var length = 0; length < quote.Length; length++)
        {
            var verdict = _verifier.Verify(quote.AsMemory(0, length), context);

            Assert.False(verdict.Verified, $"length {length}");
            Assert.NotEmpty(verdict.Errors);
        }
    }

    [Fact]
    public void Quote_OneSecondAfterTheCollateralExpires_Fails()
    {
        var quote = fixture.Platform.CreateQuote(fixture.Workload(), []);
        var collateral = Collateral();
        var nextUpdate = Assert.Single(collateral.TcbInfos).Value.NextUpdate;

        var verdict = _verifier.Verify(
            quote,
            new VerificationContext { Time = nextUpdate.AddSeconds(1), Collateral = collateral, AllowSimulated = true, SimulatedRoots = [fixture.Platform.RootCertificate] });

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoExpired);
    }

    private VerificationContext Allowing() => new()
    {
        Time = _now,
        Collateral = Collateral(),
        AllowSimulated = true,
        SimulatedRoots = [fixture.Platform.RootCertificate],
    };

    private CollateralSet Collateral()
    {
        fixture.Platform.WriteCollateral(_collateral.Path, _now);
        return CollateralSet.LoadDirectories([_collateral.Path]);
    }
}
