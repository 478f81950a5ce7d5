using System.Buffers.Binary;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// A trust domain "running" on a <see cref="SimulatedTdxPlatform"/>: the measurements and attributes the TDX module
/// writes into its TD report (evidence-formats.md §2.5). Nothing runs in it; it is the identity a test, agent or
/// runtime claims when it asks the simulated platform for a quote. Measurements not given are zero.
/// </summary>
public sealed class SimulatedTd
{
    /// <summary>TDATTRIBUTES bit 0: debug TD, whose memory the host can read.</summary>
    public const ulong DebugFlag = TdReportBody.DebugFlag;

    /// <summary>TDATTRIBUTES bit 28: SEPT_VE_DISABLE, as production TDs set it.</summary>
    public const ulong SeptVeDisableFlag = 1UL << 28;

    /// <summary>XFAM enabling x87, SSE, AVX, AVX-512 and PKRU state, a common production value (0x642e7).</summary>
    public const ulong DefaultXfam = 0x642E7;

    private const int MeasurementSize = 48;

    private readonly byte[] _mrTd;
    private readonly byte[][] _rtmrs;
    private readonly byte[] _mrConfigId;
    private readonly byte[] _mrOwner;
    private readonly byte[] _mrOwnerConfig;
    private readonly byte[] _mrServiceTd;

    /// <param name="mrTd">MRTD, the build-time measurement (48 bytes).</param>
    /// <param name="rtmr0">RTMR0 (48 bytes; empty = zero), likewise <paramref name="rtmr1"/>..<paramref name="rtmr3"/>.</param>
    /// <param name="rtmr1">RTMR1.</param>
    /// <param name="rtmr2">RTMR2.</param>
    /// <param name="rtmr3">RTMR3.</param>
    /// <param name="mrConfigId">MRCONFIGID (48 bytes; empty = zero).</param>
    /// <param name="mrOwner">MROWNER (48 bytes; empty = zero).</param>
    /// <param name="mrOwnerConfig">MROWNERCONFIG (48 bytes; empty = zero).</param>
    /// <param name="tdAttributes">TDATTRIBUTES, e.g. <see cref="SeptVeDisableFlag"/> (| <see cref="DebugFlag"/>).</param>
    /// <param name="xfam">XFAM.</param>
    /// <param name="mrServiceTd">MRSERVICETD, in TD report 1.5 only (48 bytes; empty = zero, no service TD bound).</param>
    public SimulatedTd(
        ReadOnlySpan<byte> mrTd,
        ReadOnlySpan<byte> rtmr0 = default,
        ReadOnlySpan<byte> rtmr1 = default,
        ReadOnlySpan<byte> rtmr2 = default,
        ReadOnlySpan<byte> rtmr3 = default,
        ReadOnlySpan<byte> mrConfigId = default,
        ReadOnlySpan<byte> mrOwner = default,
        ReadOnlySpan<byte> mrOwnerConfig = default,
        ulong tdAttributes = SeptVeDisableFlag,
        ulong xfam = DefaultXfam,
        ReadOnlySpan<byte> mrServiceTd = default)
    {
        if (mrTd.Length != MeasurementSize)
        {
            throw new ArgumentException($"MRTD is {MeasurementSize} bytes.", nameof(mrTd));
        }

        _mrTd = mrTd.ToArray();
        _rtmrs = [Measurement(rtmr0, nameof(rtmr0)), Measurement(rtmr1, nameof(rtmr1)), Measurement(rtmr2, nameof(rtmr2)), Measurement(rtmr3, nameof(rtmr3))];
        _mrConfigId = Measurement(mrConfigId, nameof(mrConfigId));
        _mrOwner = Measurement(mrOwner, nameof(mrOwner));
        _mrOwnerConfig = Measurement(mrOwnerConfig, nameof(mrOwnerConfig));
        _mrServiceTd = Measurement(mrServiceTd, nameof(mrServiceTd));
        TdAttributes = tdAttributes;
        Xfam = xfam;
    }

    public ReadOnlyMemory<byte> MrTd => _mrTd;

    /// <summary>RTMR0..3 (48 bytes each).</summary>
    public ReadOnlyMemory<byte> Rtmr(int index) =>
        index is >= 0 and <= 3 ? _rtmrs[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public ReadOnlyMemory<byte> MrConfigId => _mrConfigId;

    public ReadOnlyMemory<byte> MrOwner => _mrOwner;

    public ReadOnlyMemory<byte> MrOwnerConfig => _mrOwnerConfig;

    public ReadOnlyMemory<byte> MrServiceTd => _mrServiceTd;

    public ulong TdAttributes { get; }

    public ulong Xfam { get; }

    public bool Debug => (TdAttributes & DebugFlag) != 0;

    /// <summary>
    /// The TD report body the module writes for this TD (§2.5): 584 bytes (TD report 1.0) or 648 (1.5, with
    /// TEE_TCB_SVN2 and MRSERVICETD), <paramref name="reportData"/> zero-padded to 64 bytes.
    /// </summary>
    internal byte[] CreateReportBody(SimulatedTdxModule module, ReadOnlySpan<byte> reportData, bool version15)
    {
        if (reportData.Length > 64)
        {
            throw new ArgumentException("REPORTDATA is at most 64 bytes.", nameof(reportData));
        }

        var body = new byte[version15 ? TdReportBody.Size15 : TdReportBody.Size10];
        module.TeeTcbSvn.CopyTo(body, 0);
        module.MrSeam.CopyTo(body, 16);
        module.MrSignerSeam.CopyTo(body, 64);
        module.SeamAttributes.CopyTo(body, 112);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(120), TdAttributes);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(128), Xfam);
        _mrTd.CopyTo(body, 136);
        _mrConfigId.CopyTo(body, 184);
        _mrOwner.CopyTo(body, 232);
        _mrOwnerConfig.CopyTo(body, 280);
        for (var i = 0; i < 4; i++)
        {
            _rtmrs[i].CopyTo(body, 328 + (MeasurementSize * i));
        }

        reportData.CopyTo(body.AsSpan(520));
        if (version15)
        {
            module.TeeTcbSvn2.CopyTo(body, 584);
            _mrServiceTd.CopyTo(body, 600);
        }

        return body;
    }

    private static byte[] Measurement(ReadOnlySpan<byte> value, string name) => value.Length switch
    {
        0 => new byte[MeasurementSize],
        MeasurementSize => value.ToArray(),
        _ => throw new ArgumentException($"{name} is {MeasurementSize} bytes (or empty for zero).", name),
    };
}
