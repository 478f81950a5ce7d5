namespace OpenCcm.Attestation;

/// <summary>SIGSTRUCT codes (SigstructQ1Q2Invalid and SigstructExponentInvalid are in the shared file).</summary>
public static partial class FindingCodes
{
    /// <summary>HEADER, HEADER2, the header type (bits 30–0) or VENDOR differ from what EINIT requires.</summary>
    public const string SigstructHeaderInvalid = "SigstructHeaderInvalid";

    /// <summary>A reserved range is not zero (EINIT refuses such a SIGSTRUCT).</summary>
    public const string SigstructReservedNotZero = "SigstructReservedNotZero";

    /// <summary>Info: ATTRIBUTEMASK leaves DEBUG free or ATTRIBUTES sets it, so the enclave may be launched in debug mode.</summary>
    public const string SigstructDebugLaunchAllowed = "SigstructDebugLaunchAllowed";
}
