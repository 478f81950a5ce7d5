using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// AMD certificate common names (evidence-formats.md §8.4): ARK "ARK-&lt;product&gt;" → ASK "SEV-&lt;product&gt;"
/// → VCEK "SEV-VCEK", and ARK → ASVK "SEV-VLEK-&lt;product&gt;" → VLEK "SEV-VLEK". Certificates are recognised by
/// these names, whatever files they came from; trust comes only from the pinned ARK.
/// </summary>
public static class SnpCertificateNames
{
    public const string Vcek = "SEV-VCEK";
    public const string Vlek = "SEV-VLEK";

    public static string Ark(SnpProduct product) => "ARK-" + SnpProducts.Name(product);

    public static string Ask(SnpProduct product) => "SEV-" + SnpProducts.Name(product);

    public static string Asvk(SnpProduct product) => "SEV-VLEK-" + SnpProducts.Name(product);

    /// <summary>The intermediate that issues <paramref name="key"/> certificates: ASK for a VCEK, ASVK for a VLEK.</summary>
    public static string Intermediate(SnpSigningKey key, SnpProduct product) => key == SnpSigningKey.Vlek ? Asvk(product) : Ask(product);

    public static string CommonName(X509Certificate2 certificate) => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
}
