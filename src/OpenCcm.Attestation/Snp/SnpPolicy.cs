namespace OpenCcm.Attestation.Snp;

/// <summary>
/// What a relying party accepts from an authentic SEV-SNP report (the policy layer, evaluated by
/// <see cref="SnpPolicyEvaluator"/> apart from authenticity). Defaults are strict: no debug, no migration agent,
/// VMPL 0 (as trustee requires), no simulated evidence; checks whose expected values are null are skipped.
/// </summary>
public sealed record SnpPolicy
{
    /// <summary>Accept guests whose POLICY lets the hypervisor debug (decrypt) them.</summary>
    public bool AllowDebug { get; init; }

    /// <summary>Accept guests whose POLICY allows a migration agent.</summary>
    public bool AllowMigrationAgent { get; init; }

    /// <summary>The VMPL the report must have been requested from (0 = most privileged); null accepts any.</summary>
    public uint? RequiredVmpl { get; init; } = 0;

    /// <summary>Each component of REPORTED_TCB must be at least this one's (components of the report's product).</summary>
    public SnpMinimumTcb? MinimumTcb { get; init; }

    public uint? MinimumGuestSvn { get; init; }

    /// <summary>REPORT_DATA must equal these 64 bytes (e.g. a hash binding a key and a nonce).</summary>
    public byte[]? ExpectedReportData { get; init; }

    /// <summary>HOST_DATA must equal these 32 bytes.</summary>
    public byte[]? ExpectedHostData { get; init; }

    /// <summary>MEASUREMENT must be one of these 48-byte launch digests; null accepts any.</summary>
    public IReadOnlyList<byte[]>? AllowedMeasurements { get; init; }

    /// <summary>Endorsement keys accepted (e.g. only <see cref="SnpSigningKey.Vcek"/>); null accepts VCEK and VLEK.</summary>
    public IReadOnlyCollection<SnpSigningKey>? AllowedSigningKeys { get; init; }

    /// <summary>Accept evidence from the simulated platform.</summary>
    public bool AllowSimulated { get; init; }

    /// <summary>Refuse verdicts whose ASK/ASVK revocation could not be checked (no current AMD CRL in the collateral).</summary>
    public bool RequireRevocationCheck { get; init; }
}

/// <summary>Minimum TCB components; <see cref="Fmc"/> applies to Turin only.</summary>
public sealed record SnpMinimumTcb(byte BootLoader, byte Tee, byte Snp, byte Microcode, byte Fmc = 0)
{
    public override string ToString() => $"bl {BootLoader}, tee {Tee}, snp {Snp}, ucode {Microcode}, fmc {Fmc}";
}
