using System.Formats.Asn1;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// The CSR signature algorithms accepted. The platform also verifies SHA-1 signatures; a proof of possession made
/// with a broken hash is refused here instead (fail closed), by reading the CSR's signatureAlgorithm (RFC 2986 §4.2).
/// </summary>
internal static class CsrSignatureAlgorithms
{
    private const string RsaPss = "1.2.840.113549.1.1.10";

    private static readonly HashSet<string> Accepted =
    [
        "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", // ecdsa-with-SHA256/384/512 (RFC 5758)
        "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", // sha256/384/512WithRSAEncryption (RFC 4055)
    ];

    private static readonly HashSet<string> StrongHashes = ["2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"];

    /// <summary>The algorithm OID when it is not acceptable, null when it is. <paramref name="der"/> has already been parsed by the platform.</summary>
    public static string? FindWeak(byte[] der)
    {
        var request = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        request.ReadEncodedValue(); // certificationRequestInfo
        var algorithm = request.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (Accepted.Contains(oid))
        {
            return null;
        }

        return oid == RsaPss && PssHashIsStrong(algorithm) ? null : oid;
    }

    /// <summary>RSASSA-PSS-params (RFC 4055 §3.1): hashAlgorithm [0] defaults to SHA-1, so an absent one is weak.</summary>
    private static bool PssHashIsStrong(AsnReader algorithm)
    {
        if (!algorithm.HasData)
        {
            return false;
        }

        var parameters = algorithm.ReadSequence();
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        return parameters.HasData && parameters.PeekTag().HasSameClassAndValue(hashTag)
            && StrongHashes.Contains(parameters.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier());
    }
}
