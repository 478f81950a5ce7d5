using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// What every leaf takes from its issuing CA, computed once per CA rather than per certificate: the issuer name, the
/// authority key identifier, the signer and its algorithm identifier, and the window the leaf must lie inside.
/// </summary>
internal sealed class LeafIssuer
{
    public LeafIssuer(X509Certificate2 issuer, X509SignatureGenerator signer, HashAlgorithmName hash)
    {
        Name = issuer.SubjectName;
        AuthorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        KeyIdentifier = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? throw new PkiException(PkiErrorCode.CaMaterialInvalid, "The issuing CA certificate has no subject key identifier.");
        NotBefore = Authority.CaTime.NotBefore(issuer);
        NotAfter = Authority.CaTime.NotAfter(issuer);
        Signer = signer;
        Hash = hash;
        SignatureAlgorithm = signer.GetSignatureAlgorithmIdentifier(hash);
    }

    public X500DistinguishedName Name { get; }

    public X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier { get; }

    public byte[] KeyIdentifier { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public X509SignatureGenerator Signer { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>DER AlgorithmIdentifier, written both inside the TBSCertificate and after it (RFC 5280 §4.1.1.2).</summary>
    public byte[] SignatureAlgorithm { get; }
}
