using OpenCcm.Attestation.Simulation;

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

    /// <summary>
    /// Opens the simulated SGX platform kept in <paramref name="root"/> if one was ever created there (verification
    /// never creates a platform: an absent one simply contributes no roots).
    /// </summary>
    public static SimulatedSgxPlatform? OpenSgxIfPresent(string root) =>
        System.IO.Directory.Exists(Path.Combine(root, "sgx")) ? SimulatedSgxPlatform.OpenOrCreate(root) : null;
}
