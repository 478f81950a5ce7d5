using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Certificate profile rules of evidence-formats.md §9 step 3 that path validation alone does not enforce on the
/// leaf: an ECDSA P-384 end-entity key used for digital signatures, signed with ecdsa-with-SHA384. For the CA
/// certificates (basic constraints CA, path length, keyCertSign) X509Chain enforces the RFC 5280 rules; they are
/// checked here too so a failure names the certificate and the rule.
/// </summary>
internal static class NitroCertificateProfile
{
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string NistP384 = "1.3.132.0.34";

    public static void CheckLeaf(X509Certificate2 leaf, VerdictBuilder verdict)
    {
        if (leaf.SignatureAlgorithm.Value != EcdsaWithSha384)
        {
            verdict.Error(FindingCodes.NitroLeafCertificateInvalid, $"The leaf is signed with {leaf.SignatureAlgorithm.Value}, not ecdsa-with-SHA384.");
        }

        if (!HasP384Key(leaf))
        {
            verdict.Error(FindingCodes.NitroLeafCertificateInvalid, "The leaf's key is not an ECDSA P-384 key.");
        }

        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            verdict.Error(FindingCodes.NitroLeafCertificateInvalid, "The leaf is a CA certificate.");
        }

        if (leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            verdict.Error(FindingCodes.NitroLeafCertificateInvalid, "The leaf's key usage does not allow digital signatures.");
        }
    }

    public static void CheckAuthority(X509Certificate2 certificate, string what, VerdictBuilder verdict)
    {
        if (!certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            verdict.Error(FindingCodes.CertificateChainInvalid, $"{what} ('{certificate.Subject}') is not a CA certificate.");
        }

        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            verdict.Error(FindingCodes.CertificateChainInvalid, $"{what} ('{certificate.Subject}') may not sign certificates.");
        }
    }

    private static bool HasP384Key(X509Certificate2 certificate)
    {
        try
        {
            using var key = certificate.GetECDsaPublicKey();
            return key is not null && key.ExportParameters(false).Curve.Oid.Value == NistP384;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
