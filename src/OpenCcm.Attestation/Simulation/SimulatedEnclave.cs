using System.Buffers.Binary;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// An enclave "loaded" on a <see cref="SimulatedSgxPlatform"/>: the identity that EREPORT writes into its REPORT_BODY.
/// Nothing runs in it; it is the identity a test, agent or runtime claims when it asks the simulated CPU for a REPORT.
/// </summary>
public sealed class SimulatedEnclave
{
    /// <summary>ATTRIBUTES.FLAGS bit 0: the enclave was initialised (EINIT).</summary>
    public const ulong InitFlag = 0x1;

    /// <summary>ATTRIBUTES.FLAGS bit 2: 64-bit mode.</summary>
    public const ulong Mode64BitFlag = 0x4;

    /// <summary>ATTRIBUTES.FLAGS bit 4: may request the provisioning key (architectural enclaves such as the QE).</summary>
    public const ulong ProvisionKeyFlag = 0x10;

    /// <summary>XFRM enabling x87 and SSE state only.</summary>
    public const ulong DefaultXfrm = 0x3;

    private readonly byte[] _mrEnclave;
    private readonly byte[] _mrSigner;
    private readonly byte[] _cpuSvn;
    private readonly byte[] _attributes = new byte[16];

    /// <param name="mrEnclave">MRENCLAVE (32 bytes).</param>
    /// <param name="mrSigner">MRSIGNER (32 bytes).</param>
    /// <param name="isvProdId">ISVPRODID.</param>
    /// <param name="isvSvn">ISVSVN.</param>
    /// <param name="cpuSvn">The platform's CPUSVN (16 bytes), which EREPORT writes into every REPORT.</param>
    /// <param name="attributeFlags">ATTRIBUTES.FLAGS, e.g. <see cref="InitFlag"/> | <see cref="Mode64BitFlag"/> (| <see cref="SgxReportBody.DebugFlag"/>).</param>
    /// <param name="xfrm">ATTRIBUTES.XFRM.</param>
    /// <param name="miscSelect">MISCSELECT.</param>
    public SimulatedEnclave(
        ReadOnlySpan<byte> mrEnclave,
        ReadOnlySpan<byte> mrSigner,
        ushort isvProdId,
        ushort isvSvn,
        ReadOnlySpan<byte> cpuSvn,
        ulong attributeFlags = InitFlag | Mode64BitFlag,
        ulong xfrm = DefaultXfrm,
        uint miscSelect = 0)
    {
        if (mrEnclave.Length != 32 || mrSigner.Length != 32 || cpuSvn.Length != 16)
        {
            throw new ArgumentException("MRENCLAVE and MRSIGNER are 32 bytes, CPUSVN is 16.");
        }

        _mrEnclave = mrEnclave.ToArray();
        _mrSigner = mrSigner.ToArray();
        _cpuSvn = cpuSvn.ToArray();
        IsvProdId = isvProdId;
        IsvSvn = isvSvn;
        MiscSelect = miscSelect;
        BinaryPrimitives.WriteUInt64LittleEndian(_attributes, attributeFlags);
        BinaryPrimitives.WriteUInt64LittleEndian(_attributes.AsSpan(8), xfrm);
        TargetInfo = SgxTargetInfo.Create(_mrEnclave, _attributes, miscSelect);
    }

    public ReadOnlyMemory<byte> MrEnclave => _mrEnclave;

    public ReadOnlyMemory<byte> MrSigner => _mrSigner;

    public ushort IsvProdId { get; }

    public ushort IsvSvn { get; }

    /// <summary>FLAGS (u64 LE) then XFRM (u64 LE).</summary>
    public ReadOnlyMemory<byte> Attributes => _attributes;

    public bool Debug => (BinaryPrimitives.ReadUInt64LittleEndian(_attributes) & SgxReportBody.DebugFlag) != 0;

    public uint MiscSelect { get; }

    public ReadOnlyMemory<byte> CpuSvn => _cpuSvn;

    /// <summary>This enclave's TARGETINFO: what another enclave passes to EREPORT to make a REPORT this enclave can verify.</summary>
    public SgxTargetInfo TargetInfo { get; }

    /// <summary>The 384-byte REPORT_BODY EREPORT writes for this enclave (§1.1), with <paramref name="reportData"/> zero-padded to 64 bytes.</summary>
    internal byte[] CreateReportBody(ReadOnlySpan<byte> reportData)
    {
        if (reportData.Length > 64)
        {
            throw new ArgumentException("REPORTDATA is at most 64 bytes.", nameof(reportData));
        }

        var body = new byte[SgxReportBody.Size];
        _cpuSvn.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), MiscSelect);
        _attributes.CopyTo(body, 48);
        _mrEnclave.CopyTo(body, 64);
        _mrSigner.CopyTo(body, 128);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(256), IsvProdId);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(258), IsvSvn);
        reportData.CopyTo(body.AsSpan(320));
        return body;
    }
}
