namespace OpenCcm.Attestation.Intel;

/// <summary>Intel TCB status names as they appear in TCB info and identities (evidence-formats.md §4.5).</summary>
public static class TcbStatuses
{
    public const string UpToDate = "UpToDate";
    public const string SwHardeningNeeded = "SWHardeningNeeded";
    public const string ConfigurationNeeded = "ConfigurationNeeded";
    public const string ConfigurationAndSwHardeningNeeded = "ConfigurationAndSWHardeningNeeded";
    public const string OutOfDate = "OutOfDate";
    public const string OutOfDateConfigurationNeeded = "OutOfDateConfigurationNeeded";
    public const string Revoked = "Revoked";
    public const string TdRelaunchAdvised = "TDRelaunchAdvised";
    public const string TdRelaunchAdvisedConfigurationNeeded = "TDRelaunchAdvisedConfigurationNeeded";

    /// <summary>Computed when no TCB level matches the platform.</summary>
    public const string TcbNotSupported = "TcbNotSupported";

    private static readonly HashSet<string> Known =
    [
        UpToDate, SwHardeningNeeded, ConfigurationNeeded, ConfigurationAndSwHardeningNeeded, OutOfDate,
        OutOfDateConfigurationNeeded, Revoked,
    ];

    /// <summary>True for the statuses Intel's collateral may carry.</summary>
    public static bool IsKnown(string status) => Known.Contains(status);

    /// <summary>
    /// Merges the QE identity status into the platform status as Intel's QVL does (§4.4, final merge).
    /// </summary>
    public static string MergeQeStatus(string platform, string? qe) => qe switch
    {
        null => TcbNotSupported,
        OutOfDate when platform is UpToDate or SwHardeningNeeded => OutOfDate,
        OutOfDate when platform is ConfigurationNeeded or ConfigurationAndSwHardeningNeeded => OutOfDateConfigurationNeeded,
        Revoked => Revoked,
        _ => platform,
    };
}
