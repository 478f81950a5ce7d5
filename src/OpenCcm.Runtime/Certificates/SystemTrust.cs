using OpenCcm.Enclave.Manifest;
using OpenCcm.Runtime.Files;

namespace OpenCcm.Runtime.Certificates;

/// <summary>
/// <c>caCertificates[].system: true</c>: the zone root joins what the workload trusts by default. The root's system store
/// (e.g. <c>/etc/ssl/certs/ca-certificates.crt</c>) is a trusted file, so it is never changed in place; instead the
/// runtime writes a bundle — that store's certificates followed by the zone root — beside <c>caPath</c>
/// (<c>caPath + ".bundle.pem"</c>) and points the workload's TLS stacks at it through the variables they read:
/// <c>SSL_CERT_FILE</c> (OpenSSL, .NET, Go), <c>CURL_CA_BUNDLE</c>, <c>REQUESTS_CA_BUNDLE</c> (Python) and
/// <c>NODE_EXTRA_CA_CERTS</c> (Node.js, the zone root alone). A variable the manifest's env sets is left as it is.
/// </summary>
public static class SystemTrust
{
    private static readonly string[] SystemBundles =
        ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

    public static string BundlePath(string caPath) => caPath + ".bundle.pem";

    /// <summary>Writes the bundle for every <c>system</c> CA entry; call after the zone root is at its caPath.</summary>
    public static void WriteBundles(RootedPaths paths, EnclaveManifest manifest, string zoneRootPem)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var ca in manifest.CaCertificates.Where(ca => ca.System))
        {
            var system = SystemBundles.Select(paths.ResolveConfined).FirstOrDefault(File.Exists);
            var existing = system is null ? string.Empty : File.ReadAllText(system).TrimEnd() + "\n";
            CertificateFiles.WriteCa(paths, BundlePath(ca.CaPath), existing + zoneRootPem);
        }
    }

    /// <summary>The workload's environment with the trust variables of the first <c>system</c> CA entry.</summary>
    public static IReadOnlyDictionary<string, string> AddTo(Dictionary<string, string> environment, EnclaveManifest manifest, RootedPaths paths)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(paths);
        if (manifest.CaCertificates.FirstOrDefault(ca => ca.System) is not { } ca)
        {
            return environment;
        }

        var bundle = paths.Resolve(BundlePath(ca.CaPath));
        foreach (var name in new[] { "SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE" })
        {
            environment.TryAdd(name, bundle);
        }

        environment.TryAdd("NODE_EXTRA_CA_CERTS", paths.Resolve(ca.CaPath));
        return environment;
    }
}
