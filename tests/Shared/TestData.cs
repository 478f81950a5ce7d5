namespace OpenCcm.Tests;

/// <summary>
/// Locates the real hardware evidence in shared/testdata/evidence (beside the repository, as on developer machines
/// and CI). CCM_TESTDATA overrides the location. Provenance of every file: that folder's manifest.json.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string EvidenceRoot => Root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([EvidenceRoot, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CCM_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "testdata", "evidence");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/testdata/evidence not found above the test binaries; set CCM_TESTDATA.");
    }
}
