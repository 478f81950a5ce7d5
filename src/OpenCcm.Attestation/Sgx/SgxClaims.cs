namespace OpenCcm.Attestation.Sgx;

/// <summary>What SGX evidence (REPORT, DCAP quote, IAS report, SIGSTRUCT) says about an enclave.</summary>
/// <remarks>A SIGSTRUCT has no report data nor CPUSVN: those are null for it.</remarks>
public sealed record SgxClaims(
    byte[] MrEnclave,
    byte[] MrSigner,
    ushort IsvProdId,
    ushort IsvSvn,
    byte[]? ReportData,
    bool Debug,
    byte[]? CpuSvn,
    byte[] Attributes,
    uint MiscSelect) : IEvidenceClaims
{
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var map = new Dictionary<string, object?>
        {
            ["mrenclave"] = Bytes.Hex(MrEnclave),
            ["mrsigner"] = Bytes.Hex(MrSigner),
            ["isvProdId"] = IsvProdId,
            ["isvSvn"] = IsvSvn,
        };
        if (ReportData is not null)
        {
            map["reportData"] = Bytes.Hex(ReportData);
        }

        map["debug"] = Debug;
        if (CpuSvn is not null)
        {
            map["cpuSvn"] = Bytes.Hex(CpuSvn);
        }

        map["attributes"] = Bytes.Hex(Attributes);
        // As the bytes stand in the report (little-endian), like Intel's QE identity JSON.
        Span<byte> misc = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(misc, MiscSelect);
        map["miscSelect"] = Bytes.Hex(misc);
        return map;
    }
}
