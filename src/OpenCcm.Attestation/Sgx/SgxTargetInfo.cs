using System.Buffers.Binary;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// An SGX TARGETINFO (512 bytes; Intel SDM Vol. 3D Table 38-22, evidence-formats.md §1.2): the identity of the
/// enclave a REPORT is for. EREPORT derives that enclave's report key from it, so only it can check the MAC.
/// Layout: 0 MEASUREMENT (32) · 32 ATTRIBUTES (16) · 48 reserved (2) · 50 CONFIGSVN (2) · 52 MISCSELECT (4) ·
/// 56 reserved (8) · 64 CONFIGID (64) · 128 reserved (384).
/// </summary>
public sealed class SgxTargetInfo
{
    public const int Size = 512;
    private const int MeasurementOffset = 0;
    private const int AttributesOffset = 32;
    private const int ConfigSvnOffset = 50;
    private const int MiscSelectOffset = 52;
    private const int ConfigIdOffset = 64;
    private const int ConfigIdSize = 64;

    private SgxTargetInfo(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    /// <summary>The exact 512 bytes.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The target enclave's MRENCLAVE.</summary>
    public ReadOnlySpan<byte> Measurement => Raw.Span.Slice(MeasurementOffset, 32);

    /// <summary>FLAGS (u64) then XFRM (u64), as in the REPORT_BODY.</summary>
    public ReadOnlySpan<byte> Attributes => Raw.Span.Slice(AttributesOffset, 16);

    public ushort ConfigSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[ConfigSvnOffset..]);

    public uint MiscSelect => BinaryPrimitives.ReadUInt32LittleEndian(Raw.Span[MiscSelectOffset..]);

    public ReadOnlySpan<byte> ConfigId => Raw.Span.Slice(ConfigIdOffset, ConfigIdSize);

    /// <summary>Wraps exactly 512 bytes; throws <see cref="EvidenceFormatException"/> otherwise.</summary>
    public static SgxTargetInfo Parse(ReadOnlyMemory<byte> raw)
    {
        Bytes.RequireLength(raw.Span, Size, "SGX TARGETINFO");
        return new SgxTargetInfo(raw);
    }

    /// <summary>Builds a TARGETINFO; reserved bytes are zero.</summary>
    public static SgxTargetInfo Create(
        ReadOnlySpan<byte> measurement, ReadOnlySpan<byte> attributes, uint miscSelect, ushort configSvn = 0, ReadOnlySpan<byte> configId = default)
    {
        if (measurement.Length != 32 || attributes.Length != 16 || (configId.Length is not (0 or ConfigIdSize)))
        {
            throw new ArgumentException("MEASUREMENT is 32 bytes, ATTRIBUTES 16 and CONFIGID 64 (or empty for zeros).");
        }

        var raw = new byte[Size];
        measurement.CopyTo(raw.AsSpan(MeasurementOffset));
        attributes.CopyTo(raw.AsSpan(AttributesOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(ConfigSvnOffset), configSvn);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(MiscSelectOffset), miscSelect);
        configId.CopyTo(raw.AsSpan(ConfigIdOffset));
        return new SgxTargetInfo(raw);
    }

    /// <summary>The TARGETINFO of the enclave that produced <paramref name="body"/> (what sgx_self_target returns).</summary>
    public static SgxTargetInfo ForEnclave(SgxReportBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Create(body.MrEnclave, body.Attributes, body.MiscSelect, body.ConfigSvn, body.ConfigId);
    }

    /// <summary>A copy of the 512 bytes.</summary>
    public byte[] ToBytes() => Raw.ToArray();
}
