using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// A VCEK or VLEK certificate and its AMD extensions (VCEK Certificate and KDS Interface spec 57230 Tables 8/11;
/// evidence-formats.md §8.4). Each extension value is DER: INTEGER SPLs, IA5String productName, and hwID as the raw
/// CHIP_ID bytes (or, in newer certificates, an OCTET STRING wrapping them).
/// </summary>
public sealed class SnpVekCertificate
{
    public const string OidPrefix = "1.3.6.1.4.1.3704.1.";
    public const string StructVersionOid = OidPrefix + "1";
    public const string ProductNameOid = OidPrefix + "2";
    public const string BootLoaderSplOid = OidPrefix + "3.1";
    public const string TeeSplOid = OidPrefix + "3.2";
    public const string SnpSplOid = OidPrefix + "3.3";
    public const string MicrocodeSplOid = OidPrefix + "3.8";
    public const string FmcSplOid = OidPrefix + "3.9";
    public const string HwIdOid = OidPrefix + "4";
    public const string CspIdOid = OidPrefix + "5";

    private const int ChipIdLength = 64;
    private const int TurinChipIdLength = 8;

    private SnpVekCertificate(X509Certificate2 certificate, SnpSigningKey kind)
    {
        Certificate = certificate;
        Kind = kind;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary><see cref="SnpSigningKey.Vcek"/> ("SEV-VCEK") or <see cref="SnpSigningKey.Vlek"/> ("SEV-VLEK").</summary>
    public SnpSigningKey Kind { get; }

    /// <summary>productName, e.g. "Milan-B0" (VCEK) or "Milan" (VLEK).</summary>
    public string? ProductName { get; private init; }

    public SnpProduct Product => SnpProducts.FromName(ProductName);

    public byte? BootLoaderSpl { get; private init; }

    public byte? TeeSpl { get; private init; }

    public byte? SnpSpl { get; private init; }

    public byte? MicrocodeSpl { get; private init; }

    /// <summary>fmcSPL (Turin only).</summary>
    public byte? FmcSpl { get; private init; }

    /// <summary>hwID (VCEK only): the CHIP_ID the key belongs to (64 bytes; 8 on Turin).</summary>
    public byte[]? HwId { get; private init; }

    /// <summary>cspID (VLEK only): the cloud provider the key was issued to.</summary>
    public string? CspId { get; private init; }

    /// <summary>True when the certificate carries the simulated-TEE marker (<see cref="OpenCcmOids.SimulatedTee"/>).</summary>
    public bool IsSimulated => Certificate.Extensions[OpenCcmOids.SimulatedTee] is not null;

    /// <summary>"SEV-VCEK" → VCEK, "SEV-VLEK" → VLEK, anything else → null.</summary>
    public static SnpSigningKey? KindOf(X509Certificate2 certificate) => SnpCertificateNames.CommonName(certificate) switch
    {
        SnpCertificateNames.Vcek => SnpSigningKey.Vcek,
        SnpCertificateNames.Vlek => SnpSigningKey.Vlek,
        _ => null,
    };

    /// <summary>Reads the AMD extensions; throws <see cref="EvidenceFormatException"/> (<see cref="FindingCodes.SnpVekInvalid"/>) if one is malformed.</summary>
    public static SnpVekCertificate Parse(X509Certificate2 certificate)
    {
        var kind = KindOf(certificate)
            ?? throw new EvidenceFormatException(FindingCodes.SnpVekInvalid, $"'{certificate.Subject}' is neither a VCEK nor a VLEK certificate.");
        try
        {
            return new SnpVekCertificate(certificate, kind)
            {
                ProductName = ReadString(certificate, ProductNameOid),
                BootLoaderSpl = ReadSpl(certificate, BootLoaderSplOid),
                TeeSpl = ReadSpl(certificate, TeeSplOid),
                SnpSpl = ReadSpl(certificate, SnpSplOid),
                MicrocodeSpl = ReadSpl(certificate, MicrocodeSplOid),
                FmcSpl = ReadSpl(certificate, FmcSplOid),
                HwId = ReadHwId(certificate),
                CspId = ReadString(certificate, CspIdOid),
            };
        }
        catch (AsnContentException e)
        {
            throw new EvidenceFormatException(FindingCodes.SnpVekInvalid, $"'{certificate.Subject}' has a malformed AMD extension: {e.Message}");
        }
    }

    /// <summary>The TCB this key was issued for, or null when an SPL extension is missing (fmcSPL is required on Turin).</summary>
    public SnpTcbVersion? Tcb(SnpProduct product)
    {
        if (BootLoaderSpl is not { } bl || TeeSpl is not { } tee || SnpSpl is not { } snp || MicrocodeSpl is not { } ucode)
        {
            return null;
        }

        if (product == SnpProduct.Turin && FmcSpl is null)
        {
            return null;
        }

        return SnpTcbVersion.Create(product, bl, tee, snp, ucode, FmcSpl ?? 0);
    }

    private static byte[]? Value(X509Certificate2 certificate, string oid) => certificate.Extensions[oid]?.RawData;

    private static byte? ReadSpl(X509Certificate2 certificate, string oid)
    {
        if (Value(certificate, oid) is not { } value)
        {
            return null;
        }

        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var integer = reader.ReadInteger();
        reader.ThrowIfNotEmpty();
        if (integer < BigInteger.Zero || integer > byte.MaxValue)
        {
            throw new AsnContentException($"SPL {oid} = {integer} is outside 0–255.");
        }

        return (byte)integer;
    }

    private static string? ReadString(X509Certificate2 certificate, string oid)
    {
        if (Value(certificate, oid) is not { } value)
        {
            return null;
        }

        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        var text = tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.UTF8String))
            ? reader.ReadCharacterString(UniversalTagNumber.UTF8String)
            : reader.ReadCharacterString(UniversalTagNumber.IA5String);
        reader.ThrowIfNotEmpty();
        return text;
    }

    // AMD KDS served the raw 64 CHIP_ID bytes as the extension value; later certificates wrap them in an OCTET STRING.
    private static byte[]? ReadHwId(X509Certificate2 certificate)
    {
        if (Value(certificate, HwIdOid) is not { } value)
        {
            return null;
        }

        if (value.Length is ChipIdLength or TurinChipIdLength)
        {
            return value;
        }

        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var inner = reader.ReadOctetString();
        reader.ThrowIfNotEmpty();
        if (inner.Length is not (ChipIdLength or TurinChipIdLength))
        {
            throw new AsnContentException($"hwID is {inner.Length} bytes; expected {ChipIdLength} or {TurinChipIdLength}.");
        }

        return inner;
    }
}
