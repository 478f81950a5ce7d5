using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

/// <summary>Loads and cross-checks a zone CA's certificates and keys; any inconsistency is CaMaterialInvalid.</summary>
internal static class ZoneCaLoader
{
    public readonly record struct Parts(X509Certificate2 Root, AsymmetricAlgorithm? RootKey, X509Certificate2 Intermediate, AsymmetricAlgorithm IntermediateKey);

    public static Parts Load(
        ReadOnlySpan<byte> rootDer, ReadOnlySpan<byte> intermediateDer, ReadOnlySpan<byte> intermediatePkcs8, ReadOnlySpan<byte> rootPkcs8)
    {
        var disposables = new List<IDisposable>();
        try
        {
            var root = LoadCertificate(rootDer, "root", disposables);
            var intermediate = LoadCertificate(intermediateDer, "intermediate", disposables);
            RequireCa(root, "root");
            RequireCa(intermediate, "intermediate");
            if (!root.SubjectName.RawData.AsSpan().SequenceEqual(root.IssuerName.RawData))
            {
                throw Invalid("The root certificate is not self-issued.");
            }

            // The anchor's own self-signature proves nothing (whoever can replace the root can re-sign it); what
            // matters is that the intermediate's signature verifies under the root's key. Validated at the
            // intermediate's notBefore, so an expired CA still loads (it just cannot issue).
            if (!ZoneChain.TryValidate(intermediate, root, null, 2, CaTime.NotBefore(intermediate), [], out var problem))
            {
                throw Invalid("The intermediate certificate does not chain to the root: " + problem);
            }

            if (ZoneNames.Read(root.SubjectName) != ZoneNames.Read(intermediate.SubjectName))
            {
                throw Invalid("The root and intermediate name different accounts or zones.");
            }

            var intermediateKey = CaKeys.ImportMatching(intermediate, intermediatePkcs8, "intermediate");
            disposables.Add(intermediateKey);
            AsymmetricAlgorithm? rootKey = null;
            if (!rootPkcs8.IsEmpty)
            {
                rootKey = CaKeys.ImportMatching(root, rootPkcs8, "root");
            }

            return new Parts(root, rootKey, intermediate, intermediateKey);
        }
        catch
        {
            disposables.ForEach(d => d.Dispose());
            throw;
        }
    }

    private static X509Certificate2 LoadCertificate(ReadOnlySpan<byte> der, string role, List<IDisposable> disposables)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            disposables.Add(certificate);
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"The {role} certificate is not a DER X.509 certificate.", e);
        }
    }

    private static void RequireCa(X509Certificate2 certificate, string role)
    {
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true } || usage is null
            || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign) || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign))
        {
            throw Invalid($"The {role} certificate is not a CA certificate that may sign certificates and CRLs.");
        }
    }

    private static PkiException Invalid(string message) => new(PkiErrorCode.CaMaterialInvalid, message);
}
