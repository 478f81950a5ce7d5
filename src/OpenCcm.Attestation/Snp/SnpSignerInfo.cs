namespace OpenCcm.Attestation.Snp;

/// <summary>Which key signed a report (SIGNER_INFO bits 4:2, evidence-formats.md §8.1).</summary>
public enum SnpSigningKey
{
    /// <summary>Versioned Chip Endorsement Key: unique to the chip and its TCB, issued by AMD's KDS.</summary>
    Vcek = 0,

    /// <summary>Versioned Loaded Endorsement Key: issued by AMD to a cloud provider and loaded into the firmware.</summary>
    Vlek = 1,

    /// <summary>The report is not signed.</summary>
    None = 7,
}

/// <summary>SIGNER_INFO (u32 at 0x48): bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY, 31:5 must be zero.</summary>
public readonly record struct SnpSignerInfo(uint Value)
{
    public bool AuthorKeyEnabled => (Value & 1) != 0;

    /// <summary>The host masked CHIP_ID (it reads as zeros).</summary>
    public bool ChipIdMasked => (Value & 2) != 0;

    public SnpSigningKey SigningKey => (SnpSigningKey)((Value >> 2) & 7);

    public string Hex => $"0x{Value:x}";

    internal static SnpSignerInfo Parse(uint value)
    {
        if ((value >> 5) != 0)
        {
            throw new EvidenceFormatException(FindingCodes.SnpReservedFieldInvalid, $"SIGNER_INFO bits 31:5 must be zero, got 0x{value:x}.");
        }

        var key = (value >> 2) & 7;
        if (key is >= 2 and <= 6)
        {
            throw new EvidenceFormatException(FindingCodes.SnpReservedFieldInvalid, $"SIGNER_INFO SIGNING_KEY {key} is reserved (0 VCEK, 1 VLEK, 7 none).");
        }

        return new SnpSignerInfo(value);
    }
}
