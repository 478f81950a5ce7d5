namespace OpenCcm.Attestation.Snp;

/// <summary>
/// The guest POLICY the VM was launched with (u64 at 0x08; SEV-SNP ABI spec 56860 "Guest Policy",
/// evidence-formats.md §8.3). Bit 17 is reserved and must be 1.
/// </summary>
public readonly record struct SnpGuestPolicy(ulong Value)
{
    private const int SmtBit = 16;
    private const int ReservedOneBit = 17;
    private const int MigrateMaBit = 18;
    private const int DebugBit = 19;
    private const int SingleSocketBit = 20;
    private const int CxlAllowBit = 21;
    private const int MemAes256XtsBit = 22;
    private const int RaplDisBit = 23;
    private const int CiphertextHidingBit = 24;
    private const int PageSwapDisableBit = 25;

    /// <summary>Bits this version knows (0–25); anything above is reported as unknown.</summary>
    private const ulong KnownBits = (1UL << 26) - 1;

    /// <summary>The default policy of most launchers: SMT allowed, reserved bit set, nothing else (0x30000).</summary>
    public const ulong Default = (1UL << SmtBit) | (1UL << ReservedOneBit);

    public byte AbiMinor => (byte)Value;

    public byte AbiMajor => (byte)(Value >> 8);

    public bool SmtAllowed => Bit(SmtBit);

    public bool ReservedBitSet => Bit(ReservedOneBit);

    /// <summary>A migration agent may be associated with the guest.</summary>
    public bool MigrationAgentAllowed => Bit(MigrateMaBit);

    /// <summary>The hypervisor may debug (decrypt) the guest: its memory is not confidential.</summary>
    public bool DebugAllowed => Bit(DebugBit);

    public bool SingleSocket => Bit(SingleSocketBit);

    public bool CxlAllowed => Bit(CxlAllowBit);

    public bool MemAes256XtsRequired => Bit(MemAes256XtsBit);

    public bool RaplDisabled => Bit(RaplDisBit);

    public bool CiphertextHidingRequired => Bit(CiphertextHidingBit);

    public bool PageSwapDisabled => Bit(PageSwapDisableBit);

    /// <summary>Set bits this library does not know the meaning of (bits 26–63).</summary>
    public ulong UnknownBits => Value & ~KnownBits;

    public string Hex => $"0x{Value:x}";

    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["abiMajor"] = AbiMajor,
        ["abiMinor"] = AbiMinor,
        ["smt"] = SmtAllowed,
        ["migrateMa"] = MigrationAgentAllowed,
        ["debug"] = DebugAllowed,
        ["singleSocket"] = SingleSocket,
        ["cxlAllow"] = CxlAllowed,
        ["memAes256Xts"] = MemAes256XtsRequired,
        ["raplDis"] = RaplDisabled,
        ["ciphertextHiding"] = CiphertextHidingRequired,
        ["pageSwapDisable"] = PageSwapDisabled,
    };

    private bool Bit(int index) => (Value & (1UL << index)) != 0;
}

/// <summary>PLATFORM_INFO (u64 at 0x40; evidence-formats.md §8.3): platform settings when the report was made.</summary>
public readonly record struct SnpPlatformInfo(ulong Value)
{
    // Bits 0–5 and 7 are defined; 6 is reserved.
    private const ulong KnownBits = 0b1011_1111;

    public bool SmtEnabled => Bit(0);

    public bool TsmeEnabled => Bit(1);

    public bool EccEnabled => Bit(2);

    public bool RaplDisabled => Bit(3);

    public bool CiphertextHidingEnabled => Bit(4);

    public bool AliasCheckComplete => Bit(5);

    public bool TioEnabled => Bit(7);

    public ulong UnknownBits => Value & ~KnownBits;

    public string Hex => $"0x{Value:x}";

    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["smtEnabled"] = SmtEnabled,
        ["tsmeEnabled"] = TsmeEnabled,
        ["eccEnabled"] = EccEnabled,
        ["raplDisabled"] = RaplDisabled,
        ["ciphertextHidingEnabled"] = CiphertextHidingEnabled,
        ["aliasCheckComplete"] = AliasCheckComplete,
        ["tioEnabled"] = TioEnabled,
    };

    private bool Bit(int index) => (Value & (1UL << index)) != 0;
}
