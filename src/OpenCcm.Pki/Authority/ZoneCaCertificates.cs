using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

/// <summary>Signs the two CA certificates of a zone: a self-signed root (pathLen 1) and its issuing intermediate (pathLen 0).</summary>
internal static class ZoneCaCertificates
{
    public static X509Certificate2 CreateRoot(
        X500DistinguishedName subject, AsymmetricAlgorithm key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = CaRequest(subject, key, key, pathLength: 1);
        var subjectKeyId = request.CertificateExtensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        return request.Create(subject, CaKeys.SignatureGenerator(key), notBefore, notAfter, SerialNumbers.Create());
    }

    public static X509Certificate2 CreateIntermediate(
        X500DistinguishedName subject, AsymmetricAlgorithm key, X509Certificate2 root, AsymmetricAlgorithm rootKey,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = CaRequest(subject, key, rootKey, pathLength: 0);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        return request.Create(root.SubjectName, CaKeys.SignatureGenerator(rootKey), notBefore, notAfter, SerialNumbers.Create());
    }

    private static CertificateRequest CaRequest(X500DistinguishedName subject, AsymmetricAlgorithm key, AsymmetricAlgorithm signer, int pathLength)
    {
        var request = new CertificateRequest(subject, new PublicKey(key), CaKeys.HashFor(signer), CaKeys.PaddingFor(signer));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
