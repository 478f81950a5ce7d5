using System.Buffers.Binary;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// An Intel DCAP ECDSA-P256 quote: version 3 (SGX), 4 (TDX 1.0, or SGX) or 5 (SGX, TD report 1.0 or 1.5)
/// (evidence-formats.md §2.2–§2.4). A view over the received bytes that keeps the exact signed region; parsing
/// checks every length and copies nothing.
/// </summary>
public sealed class DcapQuote
{
    private const int EcdsaSignatureSize = 64;
    private const int AttestationKeySize = 64;

    private DcapQuote(
        ReadOnlyMemory<byte> raw, int trailingLength, QuoteHeader header, SgxReportBody? enclaveReport, TdReportBody? tdReport,
        int signedLength, ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> attestationKey, QeCertificationData certification)
    {
        Raw = raw;
        TrailingLength = trailingLength;
        Header = header;
        EnclaveReport = enclaveReport;
        TdReport = tdReport;
        SignedRegion = raw[..signedLength];
        Signature = signature;
        AttestationKey = attestationKey;
        Certification = certification;
    }

    /// <summary>The quote's own bytes (without anything that followed it).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>How many bytes followed the quote in the input.</summary>
    public int TrailingLength { get; }

    public QuoteHeader Header { get; }

    /// <summary>The REPORT_BODY of the attested SGX enclave; null for a TDX quote.</summary>
    public SgxReportBody? EnclaveReport { get; }

    /// <summary>The TD report of a TDX quote; null for an SGX quote.</summary>
    public TdReportBody? TdReport { get; }

    public bool IsTdx => TdReport is not null;

    /// <summary>Header and body (v5: with body type and size): the bytes the attestation key signed.</summary>
    public ReadOnlyMemory<byte> SignedRegion { get; }

    /// <summary>ECDSA P-256 r||s by the attestation key over <see cref="SignedRegion"/>.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The attestation public key X||Y (big-endian, no 0x04 prefix).</summary>
    public ReadOnlyMemory<byte> AttestationKey { get; }

    public QeCertificationData Certification { get; }

    /// <summary>
    /// Parses a quote. Bytes after the quote's declared end are allowed and counted in <see cref="TrailingLength"/>
    /// (verifiers report them); throws <see cref="EvidenceFormatException"/> for anything malformed.
    /// </summary>
    public static DcapQuote Parse(ReadOnlyMemory<byte> input)
    {
        var header = QuoteHeader.Parse(input);
        if (header.Version is not (3 or 4 or 5))
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedVersion, $"Quote version {header.Version} is not supported (3, 4 and 5 are).");
        }

        if (header.AttestationKeyType != QuoteHeader.AttestationKeyTypeEcdsaP256)
        {
            throw new EvidenceFormatException(
                FindingCodes.UnsupportedAttestationKeyType, $"Attestation key type {header.AttestationKeyType} is not supported (2 = ECDSA P-256 is).");
        }

        // v3's bytes 4..8 are att_key_data_0 (always 0); from v4 on they are the TEE type.
        var tee = header.TeeType;
        if (tee is not QuoteHeader.TeeTypeSgx and not QuoteHeader.TeeTypeTdx || (header.Version == 3 && tee != QuoteHeader.TeeTypeSgx))
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedTeeType, $"TEE type 0x{tee:x} is not supported in a v{header.Version} quote.");
        }

        var (bodyOffset, bodySize) = header.Version == 5 ? ReadV5Body(input, tee) : (QuoteHeader.Size, tee == QuoteHeader.TeeTypeTdx ? TdReportBody.Size10 : SgxReportBody.Size);
        var body = Bytes.Slice(input, bodyOffset, bodySize, "quote body");
        var signedLength = bodyOffset + bodySize;
        var signatureDataLength = BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice(input, signedLength, 4, "signature data length").Span);
        var signatureDataOffset = signedLength + 4;
        if (signatureDataLength > (uint)(input.Length - signatureDataOffset))
        {
            throw new EvidenceFormatException(
                $"Truncated: signature data claims {signatureDataLength} bytes but {input.Length - signatureDataOffset} remain.");
        }

        var quoteLength = signatureDataOffset + (int)signatureDataLength;
        var raw = input[..quoteLength];
        var signatureData = raw[signatureDataOffset..];
        var signature = Bytes.Slice(signatureData, 0, EcdsaSignatureSize, "quote signature");
        var attestationKey = Bytes.Slice(signatureData, EcdsaSignatureSize, AttestationKeySize, "attestation key");
        var rest = signatureData[(EcdsaSignatureSize + AttestationKeySize)..];
        var certification = header.Version == 3 ? ParseV3Certification(rest) : ParseType6Certification(rest);

        return new DcapQuote(
            raw, input.Length - quoteLength, header,
            tee == QuoteHeader.TeeTypeSgx ? SgxReportBody.Parse(body) : null,
            tee == QuoteHeader.TeeTypeTdx ? TdReportBody.Parse(body) : null,
            signedLength, signature, attestationKey, certification);
    }

    /// <summary>True when the bytes start like a DCAP ECDSA quote of the given TEE (no verdict).</summary>
    public static bool LooksLike(ReadOnlySpan<byte> data, uint teeType)
    {
        if (data.Length < QuoteHeader.Size + 4 || BinaryPrimitives.ReadUInt16LittleEndian(data[2..]) != QuoteHeader.AttestationKeyTypeEcdsaP256)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(data);
        var tee = version == 3 ? QuoteHeader.TeeTypeSgx : BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        return version is 3 or 4 or 5 && tee == teeType && (version != 3 || BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) == 0);
    }

    // v5: body_type u16 @48, body_size u32 @50, body @54 (§2.4). QVL accepts only these type/size/TEE pairs.
    private static (int Offset, int Size) ReadV5Body(ReadOnlyMemory<byte> input, uint tee)
    {
        var type = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.Slice(input, 48, 2, "v5 body type").Span);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice(input, 50, 4, "v5 body size").Span);
        var expected = type switch
        {
            1 when tee == QuoteHeader.TeeTypeSgx => SgxReportBody.Size,
            2 when tee == QuoteHeader.TeeTypeTdx => TdReportBody.Size10,
            3 when tee == QuoteHeader.TeeTypeTdx => TdReportBody.Size15,
            _ => throw new EvidenceFormatException($"Quote v5 body type {type} does not fit TEE type 0x{tee:x}."),
        };
        if (size != (uint)expected)
        {
            throw new EvidenceFormatException($"Quote v5 body type {type} must be {expected} bytes, the quote says {size}.");
        }

        return (54, expected);
    }

    private static QeCertificationData ParseV3Certification(ReadOnlyMemory<byte> rest)
    {
        var certification = QeCertificationData.Parse(rest, "quote");
        if (certification.Type == CertificationDataType.QeReportCertificationData)
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, "A v3 quote cannot carry certification data type 6.");
        }

        return certification;
    }

    // v4/v5: the signature data ends with certification data type 6, whose payload is the QE report etc. (§2.4).
    private static QeCertificationData ParseType6Certification(ReadOnlyMemory<byte> rest)
    {
        var type = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.Slice(rest, 0, 2, "outer certification data type").Span);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice(rest, 2, 4, "outer certification data size").Span);
        if (type != (ushort)CertificationDataType.QeReportCertificationData)
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, $"A v4/v5 quote must carry certification data type 6, not {type}.");
        }

        if (size != (uint)(rest.Length - 6))
        {
            throw new EvidenceFormatException($"Outer certification data claims {size} bytes but the signature data leaves {rest.Length - 6}.");
        }

        var certification = QeCertificationData.Parse(rest[6..], "QE report certification data");
        if (certification.Type is CertificationDataType.QeReportCertificationData or CertificationDataType.PlatformManifest)
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, $"Inner certification data type {(int)certification.Type} is not allowed.");
        }

        return certification;
    }
}
