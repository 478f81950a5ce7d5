using System.Buffers.Binary;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Ias;

/// <summary>
/// The first 432 bytes of an EPID quote, as IAS returns them in isvEnclaveQuoteBody (sgx_quote_t without
/// signature_len and signature; evidence-formats.md §7): version, sign type, EPID group, QE/PCE SVN, basename, REPORT_BODY.
/// </summary>
public sealed class IasQuoteBody
{
    public const int Size = 432;
    private const int ReportBodyOffset = 48;

    private IasQuoteBody(ReadOnlyMemory<byte> raw, SgxReportBody reportBody)
    {
        Raw = raw;
        ReportBody = reportBody;
    }

    /// <summary>The 432 bytes parsed (IAS sends exactly these).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public ushort Version => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span);

    /// <summary>0 unlinkable, 1 linkable.</summary>
    public ushort SignType => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[2..]);

    /// <summary>EPID group id, 4 bytes as stored.</summary>
    public ReadOnlySpan<byte> EpidGroupId => Raw.Span.Slice(4, 4);

    public ushort QeSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[8..]);

    public ushort PceSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[10..]);

    public uint Xeid => BinaryPrimitives.ReadUInt32LittleEndian(Raw.Span[12..]);

    public ReadOnlySpan<byte> Basename => Raw.Span.Slice(16, 32);

    /// <summary>The attested enclave's REPORT_BODY (bytes 48–431).</summary>
    public SgxReportBody ReportBody { get; }

    /// <summary>Parses the first 432 bytes; throws <see cref="EvidenceFormatException"/> when fewer are present.</summary>
    public static IasQuoteBody Parse(ReadOnlyMemory<byte> data)
    {
        var raw = Bytes.Slice(data, 0, Size, "isvEnclaveQuoteBody");
        return new IasQuoteBody(raw, SgxReportBody.Parse(raw[ReportBodyOffset..]));
    }
}
