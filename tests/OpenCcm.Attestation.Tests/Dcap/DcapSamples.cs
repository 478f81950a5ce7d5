using System.Text.Json;
using OpenCcm.Attestation.Sgx.Dcap;

namespace OpenCcm.Attestation.Tests.Dcap;

/// <summary>The real SGX DCAP samples of shared/testdata/evidence/sgx-dcap and how to verify them.</summary>
internal static class DcapSamples
{
    public const string A = "A_automata_00606a000000_2025-08";
    public const string B = "B_fortanix_00906ea10000_2020-06";
    public const string E = "E_edge_cert_type3_no_pck_chain";

    public static readonly DateTimeOffset ATime = DateTimeOffset.Parse("2025-08-15T05:45:00Z");
    public static readonly DateTimeOffset BTime = DateTimeOffset.Parse("2020-06-05T12:00:00Z");

    // One verifier for the whole test run, as a service would keep it (warm caches must not change verdicts).
    public static readonly DcapQuoteVerifier Verifier = new();

    private static readonly Lazy<CollateralSet> ACollateral = new(() =>
        CollateralSet.LoadDirectories([TestData.Path("sgx-dcap", A), TestData.Path("intel-roots")]));

    private static readonly Lazy<CollateralSet> BCollateral = new(() => CollateralSet.LoadDirectories([TestData.Path("sgx-dcap", B)]));

    public static byte[] QuoteA => TestData.Bytes("sgx-dcap", A, "quote.bin");

    public static CollateralSet CollateralA => ACollateral.Value;

    public static CollateralSet CollateralB => BCollateral.Value;

    public static AttestationVerdict VerifyA(ReadOnlyMemory<byte> quote, DateTimeOffset? at = null) =>
        Verifier.Verify(quote, new VerificationContext { Time = at ?? ATime, Collateral = CollateralA });

    public static JsonElement Expected(params string[] parts)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestData.Path(["sgx-dcap", .. parts, "expected.json"])));
        return document.RootElement.Clone();
    }
}
