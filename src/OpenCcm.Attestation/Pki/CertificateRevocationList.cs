using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>
/// An X.509 CRL (RFC 5280 §5) read with System.Formats.Asn1, keeping the exact signed bytes
/// (tbsCertList) so its signature is checked over what was received. .NET parses CRL entries
/// (CertificateRevocationListBuilder.Load) but neither exposes the issuer and validity nor verifies the signature.
/// </summary>
public sealed class CertificateRevocationList
{
    private readonly HashSet<string> _revokedSerials;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _signatureChecks = new(StringComparer.Ordinal);

    private CertificateRevocationList(
        byte[] der, ReadOnlyMemory<byte> tbs, string signatureAlgorithm, AlgorithmIdentifierParameters parameters,
        byte[] signature, X500DistinguishedName issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate,
        HashSet<string> revokedSerials)
    {
        RawData = der;
        SignedBytes = tbs;
        SignatureAlgorithm = signatureAlgorithm;
        SignatureParameters = parameters;
        Signature = signature;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revokedSerials = revokedSerials;
    }

    public byte[] RawData { get; }

    /// <summary>The DER tbsCertList, exactly as received.</summary>
    public ReadOnlyMemory<byte> SignedBytes { get; }

    public string SignatureAlgorithm { get; }

    internal AlgorithmIdentifierParameters SignatureParameters { get; }

    public byte[] Signature { get; }

    public X500DistinguishedName Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    public int Count => _revokedSerials.Count;

    /// <summary>True when the certificate's serial number is listed.</summary>
    public bool IsRevoked(X509Certificate2 certificate) =>
        _revokedSerials.Contains(NormalizeSerial(certificate.SerialNumberBytes.Span));

    /// <summary>True when this CRL is current at <paramref name="time"/> (thisUpdate ≤ time ≤ nextUpdate).</summary>
    public bool IsValidAt(DateTimeOffset time) => ThisUpdate <= time && (NextUpdate is null || time <= NextUpdate);

    /// <summary>Checks the CRL signature with the issuer's public key (cached per issuer).</summary>
    public bool IsSignedBy(X509Certificate2 issuer) =>
        _signatureChecks.GetOrAdd(issuer.Thumbprint, _ => SignatureVerifier.Verify(issuer, SignatureAlgorithm, SignatureParameters, SignedBytes.Span, Signature));

    /// <summary>Parses a DER CRL; throws <see cref="EvidenceFormatException"/> when it is not one.</summary>
    public static CertificateRevocationList Parse(ReadOnlyMemory<byte> der)
    {
        try
        {
            return ParseCore(der.ToArray());
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            throw new EvidenceFormatException(FindingCodes.CollateralInvalid, "Not a valid DER X.509 CRL: " + e.Message);
        }
    }

    public static bool TryParse(ReadOnlyMemory<byte> der, out CertificateRevocationList? crl)
    {
        try
        {
            crl = Parse(der);
            return true;
        }
        catch (EvidenceFormatException)
        {
            crl = null;
            return false;
        }
    }

    private static CertificateRevocationList ParseCore(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var tbsEncoded = certList.PeekEncodedValue();
        var tbsOffset = der.AsSpan().IndexOf(tbsEncoded.Span);
        var tbs = certList.ReadSequence();
        var (algorithm, parameters) = AlgorithmIdentifierParameters.Read(certList);
        var signature = certList.ReadBitString(out var unused);
        if (unused != 0)
        {
            throw new AsnContentException("CRL signature has unused bits.");
        }

        certList.ThrowIfNotEmpty();

        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger();
        }

        AlgorithmIdentifierParameters.Read(tbs);
        var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
        var thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = null;
        if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
        {
            nextUpdate = ReadTime(tbs);
        }

        var revoked = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                var serial = entry.ReadIntegerBytes();
                revoked.Add(NormalizeSerial(serial.Span));
            }
        }

        return new CertificateRevocationList(
            der, der.AsMemory(tbsOffset, tbsEncoded.Length), algorithm, parameters, signature, issuer, thisUpdate, nextUpdate, revoked);
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    internal static string NormalizeSerial(ReadOnlySpan<byte> bigEndian)
    {
        var start = 0;
        while (start < bigEndian.Length - 1 && bigEndian[start] == 0)
        {
            start++;
        }

        return Convert.ToHexStringLower(bigEndian[start..]);
    }

    public override string ToString() => $"CRL by {Issuer.Name}, {ThisUpdate:u}..{NextUpdate:u}, {Count} entries";
}
