using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Tests.Tdx;

/// <summary>The real TDX samples of shared/testdata/evidence/tdx and their pinned times.</summary>
internal static class TdxSamples
{
    public const string A = "A_automata_gcp_00806f050000_2025-10";
    public const string B = "B_gotdx_50806f000000_2023-07";
    public const string E = "E_automata_v5_90c06f000000_2025-06";

    public static readonly DateTimeOffset ATime = DateTimeOffset.Parse("2025-10-24T07:10:18Z");
    public static readonly DateTimeOffset BTime = DateTimeOffset.Parse("2023-07-01T01:00:00Z");
    public static readonly DateTimeOffset ETime = DateTimeOffset.Parse("2025-06-15T00:00:00Z");

    public static readonly TdxQuoteVerifier Verifier = new();

    private static readonly Lazy<CollateralSet> ACollateral = new(() => Load(TestData.Path("tdx", A), TestData.Path("intel-roots")));

    public static byte[] QuoteA => TestData.Bytes("tdx", A, "quote.bin");

    public static CollateralSet CollateralA => ACollateral.Value;

    public static CollateralSet Load(params string[] directories) => CollateralSet.LoadDirectories(directories);

    public static AttestationVerdict VerifyA(ReadOnlyMemory<byte> quote, DateTimeOffset? at = null) =>
        Verifier.Verify(quote, new VerificationContext { Time = at ?? ATime, Collateral = CollateralA });
}
