using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>
/// Other TDX modules on the same simulated platform, judged against the collateral of the current one, reach each
/// branch of the TDX TCB evaluation (evidence-formats.md §4.4). The collateral lists module TDX_01 SVN 3 UpToDate,
/// SVN 1 OutOfDate; TDX levels with TEE_TCB_SVN[2] ≥ 2 UpToDate, ≥ 1 OutOfDate.
/// </summary>
public sealed class SimulatedTdxTcbTests(SimulatedTdxPlatformFixture fixture) : IClassFixture<SimulatedTdxPlatformFixture>
{
    [Theory]
    [InlineData("03010200000000000000000000000000", false, TcbStatuses.UpToDate)]
    [InlineData("04010300000000000000000000000000", false, TcbStatuses.UpToDate)]           // newer than every level
    [InlineData("02010200000000000000000000000000", false, TcbStatuses.OutOfDate)]          // module SVN between the levels
    [InlineData("01010200000000000000000000000000", false, TcbStatuses.OutOfDate)]
    [InlineData("00010200000000000000000000000000", false, TcbStatuses.TcbNotSupported)]    // module SVN below every level
    [InlineData("03010100000000000000000000000000", false, TcbStatuses.OutOfDate)]          // TDX component at the older level
    [InlineData("03010000000000000000000000000000", false, TcbStatuses.TcbNotSupported)]    // TEE_TCB_SVN below every level
    [InlineData("03000200000000000000000000000000", false, TcbStatuses.UpToDate)]           // major version 0: tdxModule, all 16 bytes compared
    [InlineData("02000200000000000000000000000000", false, TcbStatuses.OutOfDate)]          // major 0: byte 0 meets only the older level (1)
    [InlineData("00000200000000000000000000000000", false, TcbStatuses.TcbNotSupported)]    // major 0: byte 0 below every level
    [InlineData("02010200000000000000000000000000", true, TcbStatuses.OutOfDate)]           // v5 without a newer module: no relaunch advice
    public void ModuleTcb_GivesTheStatusTheAlgorithmSays(string teeTcbSvn, bool version5, string expected)
    {
        var svn = Convert.FromHexString(teeTcbSvn);
        using var platform = fixture.WithModule(SimulatedTdxModule.Current with { TeeTcbSvn = svn, TeeTcbSvn2 = svn });
        var quote = platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5);

        var verdict = fixture.Verify(quote);

        Assert.Equal(expected, verdict.TcbStatus);
        Assert.True(verdict.Verified, string.Join("\n", verdict.Findings)); // TCB status is policy, not authenticity
        Assert.Equal(expected == TcbStatuses.TcbNotSupported, verdict.Has(FindingCodes.TcbNotSupported));
        Assert.Equal(expected == TcbStatuses.OutOfDate, verdict.Advisories.Contains(SimulatedSgxParameters.OutOfDateAdvisory));
    }

    [Fact]
    public void ModuleUpdatedAfterLaunch_V5_IsTdRelaunchAdvised_V4_IsOutOfDate()
    {
        // The TD launched on module SVN 2 (TEE_TCB_SVN); the module now runs SVN 3 (TEE_TCB_SVN2).
        var module = SimulatedTdxModule.Current with { TeeTcbSvn = Convert.FromHexString("02010200000000000000000000000000") };
        using var platform = fixture.WithModule(module);

        var v5 = fixture.Verify(platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), [], version5: true));
        var v4 = fixture.Verify(platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []));

        Assert.Equal(TcbStatuses.TdRelaunchAdvised, v5.TcbStatus);
        Assert.Equal(TcbStatuses.OutOfDate, v4.TcbStatus);
    }

    [Fact]
    public void ForeignModuleSigner_IsTdxModuleMismatch()
    {
        var signer = Enumerable.Repeat((byte)0x5A, 48).ToArray();
        using var platform = fixture.WithModule(SimulatedTdxModule.Current with { MrSignerSeam = signer });

        var verdict = fixture.Verify(platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TdxModuleMismatch);
        Assert.Null(verdict.TcbStatus);
    }

    [Fact]
    public void NonZeroSeamAttributes_IsTdxModuleMismatch()
    {
        using var platform = fixture.WithModule(SimulatedTdxModule.Current with { SeamAttributes = [0, 0, 0, 0, 0, 0, 0, 1] });

        var verdict = fixture.Verify(platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TdxModuleMismatch);
    }

    [Fact]
    public void ModuleMajorVersionWithoutAnIdentity_IsTdxModuleMismatch()
    {
        var svn = Convert.FromHexString("03020200000000000000000000000000");
        using var platform = fixture.WithModule(SimulatedTdxModule.Current with { TeeTcbSvn = svn, TeeTcbSvn2 = svn });

        var verdict = fixture.Verify(platform.CreateQuote(SimulatedTdxPlatformFixture.Td(), []));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TdxModuleMismatch);
    }

    [Fact]
    public void InvalidModule_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => fixture.WithModule(SimulatedTdxModule.Current with { MrSeam = new byte[32] }));
    }
}
