using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Nitro;

/// <summary>The certificates of a document, loaded from the DER it carries: leaf, and cabundle in AWS order (root first).</summary>
internal sealed record NitroCertificates(X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> CaBundle)
{
    /// <summary>The certificates above the leaf in path order (leaf's issuer first, cabundle[0] last).</summary>
    public IEnumerable<X509Certificate2> Issuers => CaBundle.Reverse();

    /// <summary>
    /// Loads every certificate, recording a <see cref="FindingCodes.CertificationDataInvalid"/> error for each one that
    /// is not exactly one DER certificate. Returns null when any failed: the chain and signature cannot be checked then.
    /// </summary>
    public static NitroCertificates? Load(NitroAttestationDocument document, VerdictBuilder verdict)
    {
        var leaf = TryLoad(document.Certificate, "certificate", verdict);
        var bundle = new List<X509Certificate2>();
        for (var i = 0; i < document.CaBundle.Count; i++)
        {
            if (TryLoad(document.CaBundle[i], $"cabundle[{i}]", verdict) is { } certificate)
            {
                bundle.Add(certificate);
            }
        }

        return leaf is not null && bundle.Count == document.CaBundle.Count ? new NitroCertificates(leaf, bundle) : null;
    }

    // The loader decodes some fields lazily: a certificate whose validity or extensions cannot be read would
    // otherwise throw later, inside path validation. Reading them here turns that into a finding.
    private static bool FieldsDecode(X509Certificate2 certificate)
    {
        _ = certificate.NotBefore;
        _ = certificate.NotAfter;
        _ = certificate.SignatureAlgorithm.Value;
        _ = certificate.PublicKey.Oid.Value;
        foreach (var extension in certificate.Extensions)
        {
            _ = extension switch
            {
                X509BasicConstraintsExtension b => b.CertificateAuthority || b.HasPathLengthConstraint,
                X509KeyUsageExtension k => k.KeyUsages != X509KeyUsageFlags.None,
                X509SubjectKeyIdentifierExtension s => s.SubjectKeyIdentifier is not null,
                X509AuthorityKeyIdentifierExtension a => a.KeyIdentifier is not null,
                _ => true,
            };
        }

        return true;
    }

    private static readonly Pki.CertificateCache Decoded = new();

    private static X509Certificate2? TryLoad(byte[] der, string what, VerdictBuilder verdict)
    {
        var certificate = Decoded.GetOrLoad(der, Decode);
        if (certificate is null)
        {
            verdict.Error(FindingCodes.CertificationDataInvalid, $"The document's {what} is not a DER X.509 certificate.");
        }

        return certificate;
    }

    private static X509Certificate2? Decode(byte[] der)
    {
        X509Certificate2? certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            // The loader also takes PEM and ignores trailing bytes; the document must hold exactly one DER certificate.
            if (certificate.RawDataMemory.Span.SequenceEqual(der) && FieldsDecode(certificate))
            {
                return certificate;
            }
        }
        catch (CryptographicException)
        {
        }

        certificate?.Dispose();
        return null;
    }
}
