namespace OpenCcm.Cli.Evidence;

/// <summary>Where the simulated TEE platforms keep their state, shared by every OpenCCM process on a machine.</summary>
internal static class SimulatedPlatforms
{
    public static string Directory(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            return explicitDirectory;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("CCM_SIMULATED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "openccm", "simulated");
    }

    /// <summary>The collateral directories the simulated platforms have written below <paramref name="root"/>.</summary>
    public static IEnumerable<string> CollateralDirectories(string root) =>
        System.IO.Directory.Exists(root)
            ? System.IO.Directory.EnumerateDirectories(root, "collateral", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
}
