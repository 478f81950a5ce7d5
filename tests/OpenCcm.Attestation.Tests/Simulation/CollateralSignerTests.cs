using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>Only a TCB Signing certificate directly under the root may sign TCB info: not a PCK key.</summary>
public sealed class CollateralSignerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-signer-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TcbInfo_SignedWithThePckKey_IsRefused()
    {
        using var platform = SimulatedSgxPlatform.OpenOrCreate(_directory);
        var now = DateTimeOffset.UtcNow;
        var quote = platform.CreateQuote(platform.CreateEnclave(new byte[32], new byte[32], 0, 0), [1, 2, 3]);
        var collateral = platform.CreateCollateral(now);
        var honest = Verify(quote, collateral.ToCollateralSet(), platform, now);
        Assert.True(honest.Verified, string.Join("\n", honest.Findings));

        // The same TCB info, re-signed by the platform's PCK key, which chains to the root too.
        var parsed = Intel.IntelCollateralParser.TryParseTcbInfo(collateral.TcbInfoJson, "test")!;
        var forged = SimulatedSgxCollateralWriter.Signed("tcbInfo", parsed.SignedBytes, platform.State.Pck.Key);
        var builder = new CollateralSet.Builder();
        foreach (var (name, bytes) in collateral.Files)
        {
            builder.Add(name == "tcb_info.json" ? forged : bytes, name);
        }

        builder.AddCertificate(platform.PckCertificate);
        var verdict = Verify(quote, builder.Build(), platform, now);

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoSignatureInvalid);
    }

    private static AttestationVerdict Verify(byte[] quote, CollateralSet collateral, SimulatedSgxPlatform platform, DateTimeOffset now) =>
        new DcapQuoteVerifier().Verify(quote, new VerificationContext
        {
            Time = now, Collateral = collateral, AllowSimulated = true, SimulatedRoots = [platform.RootCertificate],
        });
}
