namespace OpenCcm.Attestation.Snp;

/// <summary>
/// A TCB_VERSION (u64) decoded for its product (evidence-formats.md §8.2, SEV-SNP ABI spec 56860 "TCB_VERSION"):
/// Milan and Genoa put BOOT_LOADER in byte 0, TEE in 1, SNP in 6 and MICROCODE in 7; Turin puts FMC in byte 0,
/// BOOT_LOADER in 1, TEE in 2, SNP in 3 and MICROCODE in 7.
/// </summary>
public readonly record struct SnpTcbVersion(ulong Raw, bool TurinLayout)
{
    public byte BootLoader => TurinLayout ? Byte(1) : Byte(0);

    public byte Tee => TurinLayout ? Byte(2) : Byte(1);

    public byte Snp => TurinLayout ? Byte(3) : Byte(6);

    public byte Microcode => Byte(7);

    /// <summary>The FMC SPL (Turin only).</summary>
    public byte? Fmc => TurinLayout ? Byte(0) : null;

    /// <summary>Decodes <paramref name="raw"/> with the layout of <paramref name="product"/> (Milan/Genoa layout when unknown: only Turin reports differ, and they always carry CPUID).</summary>
    public static SnpTcbVersion Decode(ulong raw, SnpProduct product) => new(raw, product == SnpProduct.Turin);

    /// <summary>Encodes components into the product's layout.</summary>
    public static SnpTcbVersion Create(SnpProduct product, byte bootLoader, byte tee, byte snp, byte microcode, byte fmc = 0)
    {
        ulong raw = product == SnpProduct.Turin
            ? fmc | ((ulong)bootLoader << 8) | ((ulong)tee << 16) | ((ulong)snp << 24) | ((ulong)microcode << 56)
            : bootLoader | ((ulong)tee << 8) | ((ulong)snp << 48) | ((ulong)microcode << 56);
        return new SnpTcbVersion(raw, product == SnpProduct.Turin);
    }

    /// <summary>Claims shape: decoded components plus the raw value as 16 hex digits.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var map = new Dictionary<string, object?>
        {
            ["bootLoader"] = BootLoader,
            ["tee"] = Tee,
            ["snp"] = Snp,
            ["microcode"] = Microcode,
        };
        if (Fmc is { } fmc)
        {
            map["fmc"] = fmc;
        }

        map["raw"] = RawHex;
        return map;
    }

    public string RawHex => $"0x{Raw:x16}";

    public override string ToString() =>
        (Fmc is { } fmc ? $"fmc {fmc}, " : string.Empty) + $"bl {BootLoader}, tee {Tee}, snp {Snp}, ucode {Microcode} ({RawHex})";

    private byte Byte(int index) => (byte)(Raw >> (8 * index));
}
