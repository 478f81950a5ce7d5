using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// The PCK certificate and the other certificates a quote carries, decoded once per distinct certification data
/// and cached by the verifier (decoding PEM and X.509 costs more than the two signature checks of a quote).
/// </summary>
internal sealed class PckChain
{
    private PckChain(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> others, PckCertificateExtensions extensions, ECDsa publicKey)
    {
        Leaf = leaf;
        Others = others;
        Extensions = extensions;
        PublicKey = publicKey;
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>The other certificates presented, in any order (intermediate, root, or whatever else was there).</summary>
    public IReadOnlyList<X509Certificate2> Others { get; }

    public PckCertificateExtensions Extensions { get; }

    /// <summary>The PCK public key; OpenSSL-backed ECDsa verification is safe to share across threads.</summary>
    public ECDsa PublicKey { get; }

    /// <summary>
    /// Finds the PCK leaf among <paramref name="certificates"/>: the one certificate that carries Intel's SGX extensions
    /// and is not a CA. Embedded chains may be in any order (sample sgx-dcap/B: PCK, Root, Processor CA).
    /// </summary>
    public static PckChain From(IReadOnlyList<X509Certificate2> certificates)
    {
        var leaves = certificates
            .Where(c => c.Extensions[PckCertificateExtensions.SgxExtensionsOid] is not null && !IsCa(c))
            .ToArray();
        if (leaves.Length != 1)
        {
            throw new EvidenceFormatException(
                FindingCodes.CertificationDataInvalid, $"The certification data must hold exactly one PCK certificate, found {leaves.Length}.");
        }

        var leaf = leaves[0];
        if (!leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false).Contains("SGX PCK Certificate", StringComparison.Ordinal))
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, $"'{leaf.Subject}' is not named as an SGX PCK Certificate.");
        }

        var key = leaf.GetECDsaPublicKey()
            ?? throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, "The PCK certificate's key is not an ECDSA key.");
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, "The PCK certificate's key is not ECDSA P-256.");
        }

        return new PckChain(leaf, certificates.Where(c => c != leaf).ToArray(), PckCertificateExtensions.Read(leaf), key);
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
