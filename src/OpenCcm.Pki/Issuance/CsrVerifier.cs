using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Pki.Interop;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Parses a PKCS#10 CSR (DER or PEM) with the platform and verifies its self-signature (proof of possession of the
/// key). Malformed input, a bad signature and an unacceptable key each get their own <see cref="PkiErrorCode"/>.
/// Thread-safe.
/// </summary>
public static class CsrVerifier
{
    /// <summary>Far above any real CSR (an RSA-8192 CSR with attestation attributes is a few KiB); bounds the work.</summary>
    public const int MaxCsrBytes = 64 * 1024;

    public const int MinRsaKeySize = 2048;
    public const int MaxRsaKeySize = 8192;

    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";
    private const string SubjectAltNameOid = "2.5.29.17";

    // Extensions are loaded only to report the names the CSR asked for; a certificate never copies them.
    private const CertificateRequestLoadOptions Verified = CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions;
    private const CertificateRequestLoadOptions Unverified = Verified | CertificateRequestLoadOptions.SkipSignatureValidation;

    public static VerifiedCsr Verify(ReadOnlySpan<byte> derOrPem)
    {
        if (derOrPem.IsEmpty || derOrPem.Length > MaxCsrBytes)
        {
            throw Malformed($"a CSR has 1 to {MaxCsrBytes} bytes, this one {derOrPem.Length}");
        }

        var der = LooksLikePem(derOrPem) ? PemToDer(derOrPem) : derOrPem.ToArray();
        CertificateRequest request;
        try
        {
            request = Load(der, Unverified);
        }
        catch (Exception malformed) when (IsPlatformRejection(malformed))
        {
            throw Malformed(malformed.Message, malformed);
        }

        var (kind, size) = ClassifyKey(request.PublicKey); // an unsupported key is the better answer when both apply
        if (!SignatureVerifies(der, request.PublicKey, kind))
        {
            throw new PkiException(PkiErrorCode.CsrSignatureInvalid, "The CSR's signature does not verify with its own key.");
        }

        RequireStrongSignatureAlgorithm(der);

        return new VerifiedCsr(request, kind, size, RequestedDnsNames(request));
    }

    /// <summary>
    /// Proof of possession. ECDSA keys are imported through <see cref="OpenSslEcPublicKeys"/> where available (the
    /// platform's EC import costs more than the verification) and verified over the CertificationRequestInfo exactly as
    /// received (RFC 2986 §4.2); everything else, and EC keys elsewhere, through the platform's own CSR verification.
    /// </summary>
    private static bool SignatureVerifies(byte[] der, PublicKey key, CsrKeyKind kind)
    {
        try
        {
            if (kind is CsrKeyKind.EcdsaP256 or CsrKeyKind.EcdsaP384
                && OpenSslEcPublicKeys.TryImport(kind == CsrKeyKind.EcdsaP256 ? P256Oid : P384Oid, key.EncodedKeyValue.RawData) is { } ecdsa)
            {
                using (ecdsa)
                {
                    var (info, hash, signature) = EcdsaSignedParts(der);
                    return ecdsa.VerifyData(info.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                }
            }

            _ = Load(der, Verified);
            return true;
        }
        catch (Exception e) when (IsPlatformRejection(e))
        {
            return false;
        }
    }

    // CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING } (RFC 2986 §4.2)
    private static (ReadOnlyMemory<byte> Info, HashAlgorithmName Hash, byte[] Signature) EcdsaSignedParts(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var request = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var info = request.ReadEncodedValue();
        var algorithm = request.ReadSequence();
        var hash = algorithm.ReadObjectIdentifier() switch
        {
            "1.2.840.10045.4.1" => HashAlgorithmName.SHA1, // verified, then refused as weak with its own code
            "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
            "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            var other => throw new CryptographicException($"{other} is not an ECDSA signature algorithm."),
        };
        algorithm.ThrowIfNotEmpty(); // RFC 5758 §3.2: ecdsa-with-SHA* have absent parameters
        var signature = request.ReadBitString(out var unusedBits);
        request.ThrowIfNotEmpty();
        return unusedBits == 0 ? (info, hash, signature) : throw new CryptographicException("The signature BIT STRING has unused bits.");
    }

    /// <summary>
    /// What the platform throws on hostile CSRs: CryptographicException for bad structure or signature, and
    /// NotSupportedException (incl. PlatformNotSupportedException) for key algorithms or curves it cannot use.
    /// </summary>
    private static bool IsPlatformRejection(Exception e) => e is CryptographicException or NotSupportedException or AsnContentException;

    private static CertificateRequest Load(byte[] der, CertificateRequestLoadOptions options)
    {
        // The hash argument is what this request object would sign with; it plays no part in verifying the CSR.
        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, out var consumed, options);
        return consumed == der.Length ? request : throw Malformed($"{der.Length - consumed} bytes follow the CSR");
    }

    private static void RequireStrongSignatureAlgorithm(byte[] der)
    {
        string? weak;
        try
        {
            weak = CsrSignatureAlgorithms.FindWeak(der);
        }
        catch (AsnContentException e)
        {
            throw Malformed("its signature algorithm does not decode", e);
        }

        if (weak is not null)
        {
            throw new PkiException(
                PkiErrorCode.CsrSignatureAlgorithmUnsupported, $"The CSR is signed with {weak}; sign it with ECDSA or RSA over SHA-256, SHA-384 or SHA-512.");
        }
    }

    private static (CsrKeyKind Kind, int Size) ClassifyKey(PublicKey key)
    {
        try
        {
            switch (key.Oid.Value)
            {
                case Authority.CaKeys.EcPublicKeyOid:
                    var curve = new AsnReader(key.EncodedParameters?.RawData ?? [], AsnEncodingRules.DER).ReadObjectIdentifier();
                    return curve switch
                    {
                        P256Oid => (CsrKeyKind.EcdsaP256, 256),
                        P384Oid => (CsrKeyKind.EcdsaP384, 384),
                        _ => throw Unsupported($"EC curve {curve}"),
                    };
                case Authority.CaKeys.RsaPublicKeyOid:
                    using (var rsa = key.GetRSAPublicKey())
                    {
                        var size = rsa?.KeySize ?? 0;
                        return size is >= MinRsaKeySize and <= MaxRsaKeySize ? (CsrKeyKind.Rsa, size) : throw Unsupported($"RSA-{size}");
                    }

                default:
                    throw Unsupported($"key algorithm {key.Oid.Value}");
            }
        }
        catch (Exception e) when (IsPlatformRejection(e))
        {
            throw Unsupported("key parameters that do not decode", e);
        }
    }

    private static List<string> RequestedDnsNames(CertificateRequest request)
    {
        var names = new List<string>();
        foreach (var extension in request.CertificateExtensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                names.AddRange(new X509SubjectAlternativeNameExtension(extension.RawData).EnumerateDnsNames().Select(n => n.ToLowerInvariant()));
            }
            catch (Exception e) when (e is CryptographicException or AsnContentException)
            {
                throw Malformed("its subjectAltName request does not decode", e);
            }
        }

        return names;
    }

    private static bool LooksLikePem(ReadOnlySpan<byte> data) => data.TrimStart(" \t\r\n"u8).StartsWith("-----BEGIN"u8);

    private static byte[] PemToDer(ReadOnlySpan<byte> pem)
    {
        var text = Encoding.UTF8.GetString(pem);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw Malformed("PEM armour without a complete block");
        }

        var label = text[fields.Label];
        if (label is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
        {
            throw Malformed($"the PEM block is a '{label}', not a CERTIFICATE REQUEST");
        }

        var der = new byte[fields.DecodedDataLength];
        return Convert.TryFromBase64Chars(text.AsSpan(fields.Base64Data), der, out var written) && written == der.Length
            ? der
            : throw Malformed("the PEM block's base64 does not decode");
    }

    private static PkiException Malformed(string reason, Exception? inner = null) =>
        new(PkiErrorCode.CsrMalformed, "The CSR is malformed: " + reason + ".", inner);

    private static PkiException Unsupported(string what, Exception? inner = null) =>
        new(PkiErrorCode.CsrKeyUnsupported, $"The CSR's key is not supported ({what}); use ECDSA P-256/P-384 or RSA {MinRsaKeySize}-{MaxRsaKeySize}.", inner);
}
