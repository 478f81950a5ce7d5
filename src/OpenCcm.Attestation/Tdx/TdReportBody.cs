using System.Buffers.Binary;

namespace OpenCcm.Attestation.Tdx;

/// <summary>
/// A TD quote body: TD report 1.0 (584 bytes, quote v4 and v5 body type 2) or 1.5 (648 bytes, v5 body type 3)
/// (evidence-formats.md §2.5; sgx_quote_4.h, sgx_quote_5.h). A view over the received bytes.
/// </summary>
public sealed class TdReportBody
{
    public const int Size10 = 584;
    public const int Size15 = 648;

    /// <summary>TDATTRIBUTES bit 0: the TD runs in debug mode and the host can read its memory.</summary>
    public const ulong DebugFlag = 0x1;

    private TdReportBody(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>True for TD report 1.5 (with TEE_TCB_SVN2 and MRSERVICETD).</summary>
    public bool IsVersion15 => Raw.Length == Size15;

    /// <summary>Byte 0: TDX module SVN (minor); byte 1: module major version; bytes 2..15: further components.</summary>
    public ReadOnlySpan<byte> TeeTcbSvn => Raw.Span[..16];

    public ReadOnlySpan<byte> MrSeam => Raw.Span.Slice(16, 48);

    public ReadOnlySpan<byte> MrSignerSeam => Raw.Span.Slice(64, 48);

    public ReadOnlySpan<byte> SeamAttributes => Raw.Span.Slice(112, 8);

    public ReadOnlySpan<byte> TdAttributes => Raw.Span.Slice(120, 8);

    public ulong TdAttributeFlags => BinaryPrimitives.ReadUInt64LittleEndian(Raw.Span[120..]);

    public ReadOnlySpan<byte> Xfam => Raw.Span.Slice(128, 8);

    public ReadOnlySpan<byte> MrTd => Raw.Span.Slice(136, 48);

    public ReadOnlySpan<byte> MrConfigId => Raw.Span.Slice(184, 48);

    public ReadOnlySpan<byte> MrOwner => Raw.Span.Slice(232, 48);

    public ReadOnlySpan<byte> MrOwnerConfig => Raw.Span.Slice(280, 48);

    /// <summary>RTMR0..3 (48 bytes each).</summary>
    public ReadOnlySpan<byte> Rtmr(int index) =>
        index is >= 0 and <= 3 ? Raw.Span.Slice(328 + (48 * index), 48) : throw new ArgumentOutOfRangeException(nameof(index));

    public ReadOnlySpan<byte> ReportData => Raw.Span.Slice(520, 64);

    /// <summary>TD report 1.5 only: the TEE TCB SVN at the time of the last TD (re)launch.</summary>
    public ReadOnlySpan<byte> TeeTcbSvn2 => IsVersion15 ? Raw.Span.Slice(584, 16) : [];

    public ReadOnlySpan<byte> MrServiceTd => IsVersion15 ? Raw.Span.Slice(600, 48) : [];

    public bool Debug => (TdAttributeFlags & DebugFlag) != 0;

    public static TdReportBody Parse(ReadOnlyMemory<byte> raw)
    {
        if (raw.Length is not Size10 and not Size15)
        {
            throw new EvidenceFormatException($"A TD report body must be {Size10} or {Size15} bytes, got {raw.Length}.");
        }

        return new TdReportBody(raw);
    }

    public TdxClaims ToClaims() => new(this);
}
