using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Turns a <see cref="LeafPlan"/> into a certificate signed by the intermediate. A fresh request is built from the
/// CSR's public key alone, so nothing else the CSR asked for can slip into the certificate.
/// </summary>
internal static class LeafCertificateSigner
{
    public static X509Certificate2 Sign(
        LeafPlan plan, X509Certificate2 issuer, X509SignatureGenerator signer, HashAlgorithmName hash, RSASignaturePadding? padding)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(plan.CommonName);
        var request = new CertificateRequest(subject.Build(), plan.Csr.PublicKey, hash, padding);
        var extensions = request.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        extensions.Add(new X509KeyUsageExtension(plan.KeyUsages, true));
        extensions.Add(new X509EnhancedKeyUsageExtension(Oids(plan.ExtendedKeyUsages), false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (SubjectAlternativeName(plan.DnsNames) is { } names)
        {
            extensions.Add(names);
        }

        extensions.Add(AttestedIdentityExtension.Create(plan.Identity));
        return request.Create(issuer.SubjectName, signer, plan.NotBefore, plan.NotAfter, plan.SerialNumber);
    }

    /// <summary>The subjectAltName for exactly these names, or null for none (the subject CN is never empty, so non-critical).</summary>
    public static X509Extension? SubjectAlternativeName(IReadOnlyList<string> dnsNames)
    {
        if (dnsNames.Count == 0)
        {
            return null;
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            builder.AddDnsName(name);
        }

        return builder.Build(false);
    }

    private static OidCollection Oids(IEnumerable<string> values)
    {
        var oids = new OidCollection();
        foreach (var value in values)
        {
            oids.Add(new Oid(value));
        }

        return oids;
    }
}
