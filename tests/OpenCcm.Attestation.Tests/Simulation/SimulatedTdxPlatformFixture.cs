using OpenCcm.Attestation.Simulation;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>One simulated TDX platform, its collateral and a verifier shared by a test class.</summary>
public sealed class SimulatedTdxPlatformFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public SimulatedTdxPlatformFixture()
    {
        Platform = SimulatedTdxPlatform.OpenOrCreate(_directory.Path);
        Platform.WriteCollateral(CollateralDirectory, Now);
        Collateral = CollateralSet.LoadDirectories([CollateralDirectory]);
    }

    public SimulatedTdxPlatform Platform { get; }

    public string Directory => _directory.Path;

    public string CollateralDirectory => _directory.Sub("collateral");

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public CollateralSet Collateral { get; }

    public TdxQuoteVerifier Verifier { get; } = new();

    /// <summary>A TD with distinct non-zero values in every measurement, so a misplaced field shows.</summary>
    public static SimulatedTd Td(bool debug = false) => new(
        mrTd: Filled(0x11),
        rtmr0: Filled(0x20),
        rtmr1: Filled(0x21),
        rtmr2: Filled(0x22),
        rtmr3: Filled(0x23),
        mrConfigId: Filled(0x31),
        mrOwner: Filled(0x32),
        mrOwnerConfig: Filled(0x33),
        tdAttributes: SimulatedTd.SeptVeDisableFlag | (debug ? SimulatedTd.DebugFlag : 0),
        mrServiceTd: Filled(0x44));

    public static byte[] Filled(byte value) => Enumerable.Repeat(value, 48).ToArray();

    /// <summary>Trusting the simulated root, at the collateral's time.</summary>
    public VerificationContext Allowing(DateTimeOffset? time = null) => new()
    {
        Time = time ?? Now,
        Collateral = Collateral,
        AllowSimulated = true,
        SimulatedRoots = [Platform.RootCertificate],
    };

    public AttestationVerdict Verify(byte[] quote) => Verifier.Verify(quote, Allowing());

    /// <summary>Another TDX module on the same platform (same keys, same collateral).</summary>
    internal SimulatedTdxPlatform WithModule(SimulatedTdxModule module) => SimulatedTdxPlatform.OpenOrCreate(Directory, module);

    public void Dispose()
    {
        Platform.Dispose();
        _directory.Dispose();
    }
}
