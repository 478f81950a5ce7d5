using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

/// <summary>Creating, importing and signing with CA keys, for both key algorithms.</summary>
internal static class CaKeys
{
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string RsaPublicKeyOid = "1.2.840.113549.1.1.1";
    public const int RsaKeySize = 3072;

    public static AsymmetricAlgorithm CreateRootKey(CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.Ecdsa => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => RSA.Create(RsaKeySize),
    };

    public static AsymmetricAlgorithm CreateIntermediateKey(CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.Ecdsa => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        _ => RSA.Create(RsaKeySize),
    };

    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException("Unsupported CA key type.", nameof(key)),
    };

    /// <summary>The hash matched to the signer's strength: SHA-384 for P-384, SHA-256 for P-256 and RSA-3072.</summary>
    public static HashAlgorithmName HashFor(AsymmetricAlgorithm signer) =>
        signer is ECDsa { KeySize: 384 } ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static RSASignaturePadding? PaddingFor(AsymmetricAlgorithm signer) => signer is RSA ? RSASignaturePadding.Pkcs1 : null;

    public static CaKeyAlgorithm AlgorithmOf(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        EcPublicKeyOid => CaKeyAlgorithm.Ecdsa,
        RsaPublicKeyOid => CaKeyAlgorithm.Rsa,
        var other => throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"CA certificate has an unsupported key type ({other})."),
    };

    /// <summary>Imports a PKCS#8 key and proves it is the private half of <paramref name="certificate"/>'s public key.</summary>
    public static AsymmetricAlgorithm ImportMatching(X509Certificate2 certificate, ReadOnlySpan<byte> pkcs8, string role)
    {
        AsymmetricAlgorithm key = AlgorithmOf(certificate) == CaKeyAlgorithm.Ecdsa ? ECDsa.Create() : RSA.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"The {role} private key has trailing bytes.");
            }

            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"The {role} private key does not belong to the {role} certificate.");
            }

            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"The {role} private key is not a PKCS#8 key of the certificate's type.", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
