namespace OpenCcm.Attestation.Snp;

/// <summary>The AMD EPYC generations that produce SEV-SNP reports; each has its own ARK and TCB layout.</summary>
public enum SnpProduct
{
    /// <summary>Not determined (v2 report without an endorsement key certificate, or an unknown CPU).</summary>
    Unknown,

    /// <summary>EPYC 7003 (Zen 3).</summary>
    Milan,

    /// <summary>EPYC 9004 (Zen 4).</summary>
    Genoa,

    /// <summary>EPYC 9005 (Zen 5); different TCB_VERSION layout and an 8-byte hwID.</summary>
    Turin,
}

/// <summary>Finds the product from a report's CPUID fields or a VEK certificate's productName.</summary>
public static class SnpProducts
{
    /// <summary>
    /// Product from CPUID_FAM_ID / CPUID_MOD_ID (report v3+, evidence-formats.md §8.2, trustee snp/mod.rs):
    /// family 0x19 model 0x00–0x0F Milan, 0x10–0x1F or 0xA0–0xAF Genoa; family 0x1A model 0x00–0x11 Turin.
    /// </summary>
    public static SnpProduct FromCpuid(byte family, byte model) => (family, model) switch
    {
        (0x19, <= 0x0F) => SnpProduct.Milan,
        (0x19, >= 0x10 and <= 0x1F) or (0x19, >= 0xA0 and <= 0xAF) => SnpProduct.Genoa,
        (0x1A, <= 0x11) => SnpProduct.Turin,
        _ => SnpProduct.Unknown,
    };

    /// <summary>Product from a VEK productName such as "Milan-B0" or "Genoa" (the part before the stepping).</summary>
    public static SnpProduct FromName(string? productName)
    {
        if (string.IsNullOrEmpty(productName))
        {
            return SnpProduct.Unknown;
        }

        var dash = productName.IndexOf('-', StringComparison.Ordinal);
        var name = dash < 0 ? productName : productName[..dash];
        return name switch
        {
            "Milan" => SnpProduct.Milan,
            "Genoa" => SnpProduct.Genoa,
            "Turin" => SnpProduct.Turin,
            _ => SnpProduct.Unknown,
        };
    }

    /// <summary>The name AMD uses in certificate names and KDS URLs ("Milan", "Genoa", "Turin").</summary>
    public static string Name(SnpProduct product) => product switch
    {
        SnpProduct.Milan => "Milan",
        SnpProduct.Genoa => "Genoa",
        SnpProduct.Turin => "Turin",
        _ => "Unknown",
    };
}
