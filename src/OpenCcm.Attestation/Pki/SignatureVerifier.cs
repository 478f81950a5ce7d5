using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>An AlgorithmIdentifier's OID and, for RSASSA-PSS, its hash and salt length.</summary>
internal readonly record struct AlgorithmIdentifierParameters(HashAlgorithmName PssHash, int PssSaltLength)
{
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string RsassaPss = "1.2.840.113549.1.1.10";

    public static (string Oid, AlgorithmIdentifierParameters Parameters) Read(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var oid = sequence.ReadObjectIdentifier();
        var parameters = default(AlgorithmIdentifierParameters);
        if (oid == RsassaPss && sequence.HasData)
        {
            parameters = ReadPss(sequence.ReadSequence());
        }
        else if (sequence.HasData)
        {
            sequence.ReadEncodedValue();
        }

        sequence.ThrowIfNotEmpty();
        return (oid, parameters);
    }

    // RFC 4055 RSASSA-PSS-params: [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength, [3] trailerField.
    private static AlgorithmIdentifierParameters ReadPss(AsnReader pss)
    {
        var hash = HashAlgorithmName.SHA1;
        var salt = 20;
        while (pss.HasData)
        {
            var tag = pss.PeekTag();
            var field = pss.ReadSequence(tag);
            switch (tag.TagValue)
            {
                case 0:
                    var hashOid = field.ReadSequence().ReadObjectIdentifier();
                    hash = hashOid switch
                    {
                        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                        _ => throw new AsnContentException("Unsupported PSS hash " + hashOid),
                    };
                    break;
                case 2:
                    salt = (int)field.ReadInteger();
                    break;
                default:
                    break;
            }
        }

        return new AlgorithmIdentifierParameters(hash, salt);
    }
}

/// <summary>Verifies an X.509-style signature (certificate, CRL) with the issuer certificate's public key.</summary>
internal static class SignatureVerifier
{
    public static bool Verify(
        X509Certificate2 issuer, string algorithm, AlgorithmIdentifierParameters parameters, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (algorithm)
            {
                case AlgorithmIdentifierParameters.EcdsaWithSha256:
                case AlgorithmIdentifierParameters.EcdsaWithSha384:
                {
                    using var key = issuer.GetECDsaPublicKey();
                    var hash = algorithm == AlgorithmIdentifierParameters.EcdsaWithSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                    return key is not null && key.VerifyData(signed, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                }

                case AlgorithmIdentifierParameters.Sha256WithRsa:
                case AlgorithmIdentifierParameters.Sha384WithRsa:
                {
                    using var key = issuer.GetRSAPublicKey();
                    var hash = algorithm == AlgorithmIdentifierParameters.Sha256WithRsa ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                    return key is not null && key.VerifyData(signed, signature, hash, RSASignaturePadding.Pkcs1);
                }

                case AlgorithmIdentifierParameters.RsassaPss:
                {
                    using var key = issuer.GetRSAPublicKey();
                    // .NET's PSS padding uses a salt as long as the hash, which is what AMD (SHA-384, 48) and RFC 4055 profiles use.
                    return key is not null
                        && parameters.PssSaltLength == HashLength(parameters.PssHash)
                        && key.VerifyData(signed, signature, parameters.PssHash, RSASignaturePadding.Pss);
                }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : hash == HashAlgorithmName.SHA512 ? 64 : 20;
}
