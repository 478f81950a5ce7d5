using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// A strict DER decoding (RFC 5280 §4.1) of a certificate this CA just signed, for <see cref="IssuedCertificateChecker"/>:
/// every field it compares with the plan, read back from the bytes that will be handed out. Decoding is separate from
/// encoding (<see cref="LeafCertificateSigner"/>), so a writer bug shows as a mismatch, not as agreement with itself.
/// </summary>
internal sealed class DecodedLeafCertificate
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    private DecodedLeafCertificate()
    {
    }

    public ReadOnlyMemory<byte> TbsCertificate { get; private init; }

    /// <summary>The AlgorithmIdentifier after the TBSCertificate (DER).</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }

    /// <summary>The AlgorithmIdentifier inside the TBSCertificate (DER); RFC 5280 requires it to equal the outer one.</summary>
    public ReadOnlyMemory<byte> TbsSignatureAlgorithm { get; private init; }

    public byte[] Signature { get; private init; } = [];

    public int Version { get; private init; }

    public ReadOnlyMemory<byte> SerialNumber { get; private init; }

    public ReadOnlyMemory<byte> Issuer { get; private init; }

    public DateTimeOffset NotBefore { get; private init; }

    public DateTimeOffset NotAfter { get; private init; }

    public ReadOnlyMemory<byte> Subject { get; private init; }

    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private init; }

    public IReadOnlyList<X509Extension> Extensions { get; private init; } = [];

    /// <exception cref="AsnContentException">Not a DER certificate of the v3 shape this CA writes.</exception>
    public static DecodedLeafCertificate Decode(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificate = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbsBytes = certificate.ReadEncodedValue();
        var signatureAlgorithm = certificate.ReadEncodedValue();
        var signature = certificate.ReadBitString(out var unusedBits);
        certificate.ThrowIfNotEmpty();
        if (unusedBits != 0)
        {
            throw new AsnContentException("The signature BIT STRING has unused bits.");
        }

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        var versionReader = tbs.ReadSequence(VersionTag);
        var version = versionReader.TryReadInt32(out var v) ? v : throw new AsnContentException("The version does not fit an Int32.");
        versionReader.ThrowIfNotEmpty();
        var serial = tbs.ReadIntegerBytes();
        var tbsSignatureAlgorithm = tbs.ReadEncodedValue();
        var issuer = tbs.ReadEncodedValue();
        var validity = tbs.ReadSequence();
        var notBefore = ReadTime(validity);
        var notAfter = ReadTime(validity);
        validity.ThrowIfNotEmpty();
        var subject = tbs.ReadEncodedValue();
        var subjectPublicKeyInfo = tbs.ReadEncodedValue();
        var extensionsWrapper = tbs.ReadSequence(ExtensionsTag);
        var extensionSequence = extensionsWrapper.ReadSequence();
        extensionsWrapper.ThrowIfNotEmpty();
        tbs.ThrowIfNotEmpty();

        var extensions = new List<X509Extension>();
        while (extensionSequence.HasData)
        {
            var extension = extensionSequence.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && ReadCriticalFlag(extension);
            var value = extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
            extensions.Add(new X509Extension(oid, value, critical));
        }

        return new DecodedLeafCertificate
        {
            TbsCertificate = tbsBytes,
            SignatureAlgorithm = signatureAlgorithm,
            TbsSignatureAlgorithm = tbsSignatureAlgorithm,
            Signature = signature,
            Version = version,
            SerialNumber = serial,
            Issuer = issuer,
            NotBefore = notBefore,
            NotAfter = notAfter,
            Subject = subject,
            SubjectPublicKeyInfo = subjectPublicKeyInfo,
            Extensions = extensions,
        };
    }

    // DER omits a DEFAULT value, so an encoded critical flag must be TRUE.
    private static bool ReadCriticalFlag(AsnReader extension) =>
        extension.ReadBoolean() ? true : throw new AsnContentException("An extension encodes its critical flag as FALSE, its DEFAULT.");

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
