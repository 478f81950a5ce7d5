using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Runtime.Files;

namespace OpenCcm.Runtime.Certificates;

/// <summary>
/// Writes a credential where the manifest says, each file atomically: the key (PKCS#8 PEM, created 0600), the
/// certificate, and the full chain (certificate then CA chain, as TLS servers load it); and the zone root to caPath.
/// </summary>
public static class CertificateFiles
{
    /// <exception cref="RuntimeStartException">With <see cref="RuntimeExitCodes.FileWriteFailed"/>.</exception>
    public static void Write(RootedPaths paths, CertificateSpec spec, WorkloadCredential credential)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(credential);
        Guarded(spec.KeyPath, () => AtomicFile.Write(paths.Resolve(spec.KeyPath), Encoding.ASCII.GetBytes(credential.PrivateKeyPem()), AtomicFile.PrivateMode));
        Guarded(spec.CertPath, () => AtomicFile.Write(paths.Resolve(spec.CertPath), Encoding.ASCII.GetBytes(credential.CertificatePem), AtomicFile.PublicMode));
        if (spec.ChainPath is { } chainPath)
        {
            var fullChain = credential.CertificatePem + credential.CaChainPem;
            Guarded(chainPath, () => AtomicFile.Write(paths.Resolve(chainPath), Encoding.ASCII.GetBytes(fullChain), AtomicFile.PublicMode));
        }
    }

    /// <summary>Writes <paramref name="rootPem"/> to a caCertificates entry's caPath.</summary>
    public static void WriteCa(RootedPaths paths, string caPath, string rootPem)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Guarded(caPath, () => AtomicFile.Write(paths.Resolve(caPath), Encoding.ASCII.GetBytes(rootPem), AtomicFile.PublicMode));
    }

    /// <summary>The zone root in a CA chain PEM: its self-signed certificate, else the last one; null when the chain is empty.</summary>
    public static string? ZoneRootPem(string caChainPem)
    {
        if (string.IsNullOrWhiteSpace(caChainPem))
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(caChainPem);
        try
        {
            if (certificates.Count == 0)
            {
                return null;
            }

            var root = certificates.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)) ?? certificates[^1];
            return PemEncoding.WriteString("CERTIFICATE", root.RawData) + "\n";
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static void Guarded(string manifestPath, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RuntimeStartException(RuntimeExitCodes.FileWriteFailed, $"cannot write {manifestPath}: {e.Message}", e);
        }
    }
}
