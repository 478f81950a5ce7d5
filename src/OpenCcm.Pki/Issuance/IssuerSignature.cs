using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Proves a certificate was signed by the zone's intermediate: the signature over the exact TBSCertificate bytes
/// (RFC 5280 §4.1) verifies under the intermediate certificate's public key, with the algorithm the CA signs with.
/// </summary>
internal sealed class IssuerSignature : IDisposable
{
    private readonly AsymmetricAlgorithm _issuerPublicKey;
    private readonly string _algorithmOid;
    private readonly HashAlgorithmName _hash;

    public IssuerSignature(X509Certificate2 issuer, HashAlgorithmName hash)
    {
        _hash = hash;
        if (CaKeys.AlgorithmOf(issuer) == CaKeyAlgorithm.Ecdsa)
        {
            _issuerPublicKey = issuer.GetECDsaPublicKey()!;
            _algorithmOid = hash == HashAlgorithmName.SHA384 ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2";
        }
        else
        {
            _issuerPublicKey = issuer.GetRSAPublicKey()!;
            _algorithmOid = "1.2.840.113549.1.1.11"; // sha256WithRSAEncryption
        }
    }

    /// <summary>False when the certificate is not signed by the issuer with the expected algorithm.</summary>
    public bool Verifies(DecodedLeafCertificate certificate)
    {
        try
        {
            var algorithm = new AsnReader(certificate.SignatureAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
            if (algorithm != _algorithmOid)
            {
                return false;
            }

            return _issuerPublicKey switch
            {
                ECDsa ecdsa => ecdsa.VerifyData(certificate.TbsCertificate.Span, certificate.Signature, _hash, DSASignatureFormat.Rfc3279DerSequence),
                RSA rsa => rsa.VerifyData(certificate.TbsCertificate.Span, certificate.Signature, _hash, RSASignaturePadding.Pkcs1),
                _ => false,
            };
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    public void Dispose() => _issuerPublicKey.Dispose();
}
