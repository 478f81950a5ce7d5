namespace OpenCcm.Cli.Bench;

/// <summary>
/// The real evidence each format is benchmarked on by default (shared/testdata/evidence), and the bare signature
/// verifications one verification of it cannot avoid — the physical limit the measured rate is compared with.
/// </summary>
internal sealed record BenchSample(string Format, string[] Evidence, string[][] Collateral, string At, int EcdsaP256Verifies, int EcdsaP384Verifies)
{
    public static readonly IReadOnlyList<BenchSample> All =
    [
        new("sgx-quote", ["sgx-dcap", "A_automata_00606a000000_2025-08", "quote.bin"],
            [["sgx-dcap", "A_automata_00606a000000_2025-08"], ["intel-roots"]], "2025-08-15T05:45:00Z", EcdsaP256Verifies: 2, EcdsaP384Verifies: 0),
        new("tdx-quote", ["tdx", "A_automata_gcp_00806f050000_2025-10", "quote.bin"],
            [["tdx", "A_automata_gcp_00806f050000_2025-10"], ["intel-roots"]], "2025-10-24T07:10:18Z", EcdsaP256Verifies: 2, EcdsaP384Verifies: 0),
        new("snp-report", ["sev-snp", "A_gosevguest_milan_vcek", "report.bin"],
            [["sev-snp", "A_gosevguest_milan_vcek"]], "2022-09-24T01:00:00Z", EcdsaP256Verifies: 0, EcdsaP384Verifies: 1),
        new("nitro", ["nitro", "A_fortanix_2021_debug", "attestation_doc.cbor"],
            [], "2021-09-09T10:20:00Z", EcdsaP256Verifies: 0, EcdsaP384Verifies: 1),
    ];

    /// <summary>shared/testdata/evidence: $CCM_TESTDATA, else the first such folder above the working directory or the binary.</summary>
    public static string? LocateTestData()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CCM_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "testdata", "evidence");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
