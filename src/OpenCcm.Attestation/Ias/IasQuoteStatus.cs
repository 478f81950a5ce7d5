using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Ias;

/// <summary>
/// isvEnclaveQuoteStatus values (IAS API rev 6 §4.2.1; evidence-formats.md §7) and their Intel TCB status names.
/// </summary>
public static class IasQuoteStatus
{
    public const string Ok = "OK";
    public const string SignatureInvalid = "SIGNATURE_INVALID";
    public const string GroupRevoked = "GROUP_REVOKED";
    public const string SignatureRevoked = "SIGNATURE_REVOKED";
    public const string KeyRevoked = "KEY_REVOKED";
    public const string SigRlVersionMismatch = "SIGRL_VERSION_MISMATCH";
    public const string GroupOutOfDate = "GROUP_OUT_OF_DATE";
    public const string ConfigurationNeeded = "CONFIGURATION_NEEDED";
    public const string SwHardeningNeeded = "SW_HARDENING_NEEDED";
    public const string ConfigurationAndSwHardeningNeeded = "CONFIGURATION_AND_SW_HARDENING_NEEDED";

    /// <summary>
    /// The TCB status a status stands for, or null when it does not attest the quote (SIGNATURE_INVALID,
    /// SIGRL_VERSION_MISMATCH, or unknown). Revocations map to <see cref="TcbStatuses.Revoked"/> for policy to refuse.
    /// </summary>
    public static string? ToTcbStatus(string status) => status switch
    {
        Ok => TcbStatuses.UpToDate,
        SwHardeningNeeded => TcbStatuses.SwHardeningNeeded,
        ConfigurationNeeded => TcbStatuses.ConfigurationNeeded,
        ConfigurationAndSwHardeningNeeded => TcbStatuses.ConfigurationAndSwHardeningNeeded,
        GroupOutOfDate => TcbStatuses.OutOfDate,
        GroupRevoked or SignatureRevoked or KeyRevoked => TcbStatuses.Revoked,
        _ => null,
    };

    /// <summary>The error code for a status that does not attest the quote.</summary>
    public static string FailureCode(string status) => status switch
    {
        SignatureInvalid => FindingCodes.IasQuoteSignatureInvalid,
        SigRlVersionMismatch => FindingCodes.IasSigRlVersionMismatch,
        _ => FindingCodes.IasQuoteStatusUnrecognized,
    };
}
