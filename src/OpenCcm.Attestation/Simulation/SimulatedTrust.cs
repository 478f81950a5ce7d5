using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Simulation;

/// <summary>Where the simulated TEE platforms keep their state, shared by every OpenCCM process on a machine.</summary>
public static class SimulatedPlatforms
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
}

/// <summary>
/// What trusting the simulated platforms of one state directory means for a verification: their roots, and the
/// collateral they serve (current at the verification time, as a PCS or KDS would). Only platforms that were
/// created there count; verification never creates one.
/// </summary>
public sealed class SimulatedTrust : IDisposable
{
    private readonly List<IDisposable> _platforms = [];

    private SimulatedTrust()
    {
    }

    public List<X509Certificate2> Roots { get; } = [];

    /// <summary>The simulated SGX platform, which can derive report keys for <c>sgx-report</c>.</summary>
    public SimulatedSgxPlatform? Sgx { get; private set; }

    public static SimulatedTrust Open(string root, DateTimeOffset time, CollateralSet.Builder collateral)
    {
        var trust = new SimulatedTrust();
        if (System.IO.Directory.Exists(Path.Combine(root, "sgx")))
        {
            var sgx = trust.Keep(SimulatedSgxPlatform.OpenOrCreate(root));
            trust.Sgx = sgx;
            trust.Roots.Add(sgx.RootCertificate);

            // A TDX host is an SGX platform with a TD QE: its collateral includes the SGX platform's.
            var files = System.IO.Directory.Exists(Path.Combine(root, "tdx"))
                ? trust.Keep(SimulatedTdxPlatform.OpenOrCreate(root)).CreateCollateral(time).Files
                : sgx.CreateCollateral(time).Files;
            foreach (var (name, bytes) in files)
            {
                collateral.Add(bytes, "simulated:" + name);
            }
        }

        if (System.IO.Directory.Exists(Path.Combine(root, "nitro")))
        {
            trust.Roots.Add(trust.Keep(SimulatedNitroPlatform.OpenOrCreate(root)).Root);
        }

        foreach (var product in new[] { SnpProduct.Milan, SnpProduct.Genoa, SnpProduct.Turin })
        {
            if (System.IO.Directory.Exists(Path.Combine(root, "snp-" + SnpProducts.Name(product).ToLowerInvariant())))
            {
                var snp = trust.Keep(SimulatedSnpPlatform.OpenOrCreate(root, product));
                trust.Roots.Add(snp.RootCertificate);
                foreach (var certificate in snp.Certificates)
                {
                    collateral.AddCertificate(certificate);
                }
            }
        }

        return trust;
    }

    public void Dispose()
    {
        foreach (var platform in _platforms)
        {
            platform.Dispose();
        }
    }

    private T Keep<T>(T platform)
        where T : IDisposable
    {
        _platforms.Add(platform);
        return platform;
    }
}
