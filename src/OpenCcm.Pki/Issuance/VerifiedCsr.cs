using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// A PKCS#10 request whose self-signature verified and whose key is acceptable. Only <see cref="CsrVerifier"/>
/// creates one, so holding it is proof of both. Nothing the CSR asks for (subject, names, extensions) reaches a
/// certificate: those are informational, for the caller's policy (e.g. intersecting requested and approved names).
/// </summary>
public sealed class VerifiedCsr
{
    internal VerifiedCsr(CertificateRequest request, CsrKeyKind keyKind, int keySize, IReadOnlyList<string> requestedDnsNames)
    {
        PublicKey = request.PublicKey;
        SubjectPublicKeyInfo = request.PublicKey.ExportSubjectPublicKeyInfo();
        Subject = request.SubjectName;
        KeyKind = keyKind;
        KeySize = keySize;
        RequestedDnsNames = requestedDnsNames;
        Attributes = [.. request.OtherRequestAttributes];
    }

    public PublicKey PublicKey { get; }

    /// <summary>DER SubjectPublicKeyInfo: what evidence report data binds (Fortanix: SHA-256 of it).</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    public CsrKeyKind KeyKind { get; }

    public int KeySize { get; }

    /// <summary>The subject the CSR asked for (never copied into a certificate).</summary>
    public X500DistinguishedName Subject { get; }

    /// <summary>DNS names from the CSR's subjectAltName extension request, lowercased (never copied into a certificate).</summary>
    public IReadOnlyList<string> RequestedDnsNames { get; }

    /// <summary>CSR attributes other than the extension request (e.g. Fortanix attestation attributes, 1.3.6.1.4.1.49690.2.*).</summary>
    public IReadOnlyList<AsnEncodedData> Attributes { get; }

    /// <summary>SHA-256 of <see cref="SubjectPublicKeyInfo"/>.</summary>
    public byte[] SubjectPublicKeyInfoSha256() => SHA256.HashData(SubjectPublicKeyInfo);
}
