using System.Buffers.Binary;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// An Intel DCAP ECDSA-P256 quote, version 3 (SGX; evidence-formats.md §2.2). A view over the received bytes
/// that keeps the exact signed region; parsing checks every length and copies nothing.
/// </summary>
public sealed class DcapQuote
{
    private const int BodyOffset = QuoteHeader.Size;
    private const int SignatureDataLengthOffset = BodyOffset + SgxReportBody.Size;   // 432
    private const int SignatureDataOffset = SignatureDataLengthOffset + 4;           // 436
    private const int EcdsaSignatureSize = 64;
    private const int AttestationKeySize = 64;

    private DcapQuote(
        ReadOnlyMemory<byte> raw, int trailingLength, QuoteHeader header, SgxReportBody enclaveReport,
        ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> attestationKey, QeCertificationData certification)
    {
        Raw = raw;
        TrailingLength = trailingLength;
        Header = header;
        EnclaveReport = enclaveReport;
        Signature = signature;
        AttestationKey = attestationKey;
        Certification = certification;
    }

    /// <summary>The quote's own bytes (without anything that followed it).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>How many bytes followed the quote in the input.</summary>
    public int TrailingLength { get; }

    public QuoteHeader Header { get; }

    /// <summary>The REPORT_BODY of the attested (ISV) enclave.</summary>
    public SgxReportBody EnclaveReport { get; }

    /// <summary>Header and body: the bytes the attestation key signed.</summary>
    public ReadOnlyMemory<byte> SignedRegion => Raw[..SignatureDataLengthOffset];

    /// <summary>ECDSA P-256 r||s by the attestation key over <see cref="SignedRegion"/>.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The attestation public key X||Y (big-endian, no 0x04 prefix).</summary>
    public ReadOnlyMemory<byte> AttestationKey { get; }

    public QeCertificationData Certification { get; }

    /// <summary>
    /// Parses a v3 quote. Bytes after the quote's declared end are allowed and counted in <see cref="TrailingLength"/>
    /// (the verifier reports them); throws <see cref="EvidenceFormatException"/> for anything malformed.
    /// </summary>
    public static DcapQuote Parse(ReadOnlyMemory<byte> input)
    {
        var header = QuoteHeader.Parse(input);
        if (header.Version != 3)
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedVersion, $"Quote version {header.Version} is not an SGX quote v3.");
        }

        if (header.AttestationKeyType != QuoteHeader.AttestationKeyTypeEcdsaP256)
        {
            throw new EvidenceFormatException(
                FindingCodes.UnsupportedAttestationKeyType, $"Attestation key type {header.AttestationKeyType} is not supported (2 = ECDSA P-256 is).");
        }

        if (header.TeeType != QuoteHeader.TeeTypeSgx)
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedTeeType, $"A v3 quote must have att_key_data_0 = 0, got {header.TeeType:x}.");
        }

        var body = SgxReportBody.Parse(Bytes.Slice(input, BodyOffset, SgxReportBody.Size, "ISV enclave report"));
        var signatureDataLength = BinaryPrimitives.ReadUInt32LittleEndian(
            Bytes.Slice(input, SignatureDataLengthOffset, 4, "signature data length").Span);
        if (signatureDataLength > (uint)(input.Length - SignatureDataOffset))
        {
            throw new EvidenceFormatException(
                $"Truncated: signature data claims {signatureDataLength} bytes but {input.Length - SignatureDataOffset} remain.");
        }

        var quoteLength = SignatureDataOffset + (int)signatureDataLength;
        var raw = input[..quoteLength];
        var signatureData = raw[SignatureDataOffset..];
        var signature = Bytes.Slice(signatureData, 0, EcdsaSignatureSize, "quote signature");
        var attestationKey = Bytes.Slice(signatureData, EcdsaSignatureSize, AttestationKeySize, "attestation key");
        var certification = QeCertificationData.Parse(signatureData[(EcdsaSignatureSize + AttestationKeySize)..], "quote");
        if (certification.Type == CertificationDataType.QeReportCertificationData)
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, "A v3 quote cannot carry certification data type 6.");
        }

        return new DcapQuote(raw, input.Length - quoteLength, header, body, signature, attestationKey, certification);
    }

    /// <summary>True when the bytes start like a v3 SGX ECDSA quote (no verdict).</summary>
    public static bool LooksLike(ReadOnlySpan<byte> data) =>
        data.Length >= SignatureDataOffset
        && BinaryPrimitives.ReadUInt16LittleEndian(data) == 3
        && BinaryPrimitives.ReadUInt16LittleEndian(data[2..]) == QuoteHeader.AttestationKeyTypeEcdsaP256;
}
