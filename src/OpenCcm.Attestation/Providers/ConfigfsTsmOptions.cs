namespace OpenCcm.Attestation.Providers;

/// <summary>Settings of <see cref="ConfigfsTsmProvider"/>.</summary>
public sealed record ConfigfsTsmOptions
{
    /// <summary>The kernel's report directory (Documentation/ABI/testing/configfs-tsm-report).</summary>
    public const string DefaultRoot = "/sys/kernel/config/tsm/report";

    /// <summary>TSM_REPORT_PRIVLEVEL_MAX (include/linux/tsm.h).</summary>
    public const uint MaxPrivilegeLevel = 3;

    /// <summary>Where configfs-tsm is mounted; tests point it at a directory.</summary>
    public string Root { get; init; } = DefaultRoot;

    /// <summary>
    /// Written to <c>privlevel</c> when set (SEV-SNP: the VMPL of the report, privlevel_floor..3). Providers without
    /// that attribute (tdx_guest) refuse it.
    /// </summary>
    public uint? PrivilegeLevel { get; init; }

    /// <summary>How many report entries to try when another writer races (generation) or the kernel says EBUSY.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause before each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Entry directories are named this prefix plus 16 random hex digits.</summary>
    public string EntryNamePrefix { get; init; } = "openccm-";
}
