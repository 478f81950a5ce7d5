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
