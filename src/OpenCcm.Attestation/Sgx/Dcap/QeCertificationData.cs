using System.Buffers.Binary;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// What the Quoting Enclave adds to a quote: its REPORT_BODY, the PCK key's signature over it, the QE
/// authentication data and the certification data (PCK chain or platform identifiers).
/// </summary>
public sealed class QeCertificationData
{
    internal QeCertificationData(
        SgxReportBody qeReport, ReadOnlyMemory<byte> qeReportSignature, ReadOnlyMemory<byte> authData,
        CertificationDataType type, ReadOnlyMemory<byte> data)
    {
        QeReport = qeReport;
        QeReportSignature = qeReportSignature;
        AuthData = authData;
        Type = type;
        Data = data;
    }

    public SgxReportBody QeReport { get; }

    /// <summary>ECDSA P-256 r||s by the PCK key over the 384 QE report bytes.</summary>
    public ReadOnlyMemory<byte> QeReportSignature { get; }

    public ReadOnlyMemory<byte> AuthData { get; }

    public CertificationDataType Type { get; }

    /// <summary>The certification data exactly as received (for type 5, the PEM chain, possibly NUL-terminated).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>
    /// Reads QE report (384) | signature (64) | auth size u16 | auth | type u16 | size u32 | data, which must end
    /// exactly at <paramref name="region"/>'s end (the quote's signature data or the type-6 payload).
    /// </summary>
    internal static QeCertificationData Parse(ReadOnlyMemory<byte> region, string what)
    {
        var qeReport = SgxReportBody.Parse(Bytes.Slice(region, 0, SgxReportBody.Size, what + " QE report"));
        var signature = Bytes.Slice(region, 384, 64, what + " QE report signature");
        var authSize = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.Slice(region, 448, 2, what + " QE auth data size").Span);
        var auth = Bytes.Slice(region, 450, authSize, what + " QE auth data");
        var typeOffset = 450 + authSize;
        var type = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.Slice(region, typeOffset, 2, what + " certification data type").Span);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(Bytes.Slice(region, typeOffset + 2, 4, what + " certification data size").Span);
        var dataOffset = typeOffset + 6;
        if (size > (uint)(region.Length - dataOffset))
        {
            throw new EvidenceFormatException(
                $"Truncated: {what} certification data claims {size} bytes but {region.Length - dataOffset} remain.");
        }

        if (dataOffset + (int)size != region.Length)
        {
            throw new EvidenceFormatException(
                $"{what}: certification data ends at {dataOffset + size} but its container ends at {region.Length}.");
        }

        if (type is < 1 or > 7)
        {
            throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, $"Unknown certification data type {type}.");
        }

        return new QeCertificationData(qeReport, signature, auth, (CertificationDataType)type, region.Slice(dataOffset, (int)size));
    }
}
