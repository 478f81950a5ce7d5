namespace OpenCcm.Benchmarks;

/// <summary>Finds shared/testdata/evidence: $CCM_TESTDATA, else the first such folder above the working directory.</summary>
internal static class TestData
{
    public static string Locate()
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

        throw new DirectoryNotFoundException("shared/testdata/evidence not found; set CCM_TESTDATA.");
    }
}
