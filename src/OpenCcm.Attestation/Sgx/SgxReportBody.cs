using System.Buffers.Binary;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// The 384-byte SGX REPORT_BODY (Intel SDM Vol. 3D Table 38-21; evidence-formats.md §1.1), as found in a
/// REPORT, in a DCAP quote (the ISV enclave and the QE) and in an EPID quote. A view over the received bytes:
/// nothing is copied, so parsing costs no allocation beyond this object.
/// </summary>
public sealed class SgxReportBody
{
    public const int Size = 384;

    /// <summary>ATTRIBUTES.FLAGS bit 1: the enclave runs in debug mode and its memory can be read.</summary>
    public const ulong DebugFlag = 0x2;

    private SgxReportBody(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    /// <summary>The exact 384 bytes received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public ReadOnlySpan<byte> CpuSvn => Raw.Span[..16];

    public uint MiscSelect => BinaryPrimitives.ReadUInt32LittleEndian(Raw.Span[16..]);

    public ReadOnlySpan<byte> IsvExtProdId => Raw.Span.Slice(32, 16);

    /// <summary>FLAGS (u64) then XFRM (u64).</summary>
    public ReadOnlySpan<byte> Attributes => Raw.Span.Slice(48, 16);

    public ulong AttributeFlags => BinaryPrimitives.ReadUInt64LittleEndian(Raw.Span[48..]);

    public ulong Xfrm => BinaryPrimitives.ReadUInt64LittleEndian(Raw.Span[56..]);

    public ReadOnlySpan<byte> MrEnclave => Raw.Span.Slice(64, 32);

    public ReadOnlySpan<byte> MrSigner => Raw.Span.Slice(128, 32);

    public ReadOnlySpan<byte> ConfigId => Raw.Span.Slice(192, 64);

    public ushort IsvProdId => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[256..]);

    public ushort IsvSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[258..]);

    public ushort ConfigSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[260..]);

    public ReadOnlySpan<byte> IsvFamilyId => Raw.Span.Slice(304, 16);

    public ReadOnlySpan<byte> ReportData => Raw.Span.Slice(320, 64);

    public bool Debug => (AttributeFlags & DebugFlag) != 0;

    /// <summary>Wraps exactly 384 bytes; throws <see cref="EvidenceFormatException"/> otherwise.</summary>
    public static SgxReportBody Parse(ReadOnlyMemory<byte> raw)
    {
        Bytes.RequireLength(raw.Span, Size, "SGX REPORT_BODY");
        return new SgxReportBody(raw);
    }

    /// <summary>The claims this body states, in the names of DESIGN.md §4.</summary>
    public SgxClaims ToClaims() => new(
        MrEnclave.ToArray(), MrSigner.ToArray(), IsvProdId, IsvSvn, ReportData.ToArray(), Debug, CpuSvn.ToArray(), Attributes.ToArray(), MiscSelect);
}
