namespace OpenCcm.Runtime;

/// <summary>
/// Exit codes of <c>ccm-runtime</c> when it stops before or instead of the workload (docs/runtime.md). Once the
/// workload runs, the runtime exits with the workload's own code (128 + signal when a signal killed it). The runtime's
/// own codes sit in 64..78 (BSD sysexits style) so they are unlikely to be confused with a workload's 0..2.
/// </summary>
public static class RuntimeExitCodes
{
    /// <summary>Bad command line or an unreadable/invalid manifest.</summary>
    public const int Usage = 64;

    /// <summary>A trusted file is missing or its SHA-256 differs from the manifest.</summary>
    public const int TrustedFileMismatch = 65;

    /// <summary>The enclave identity could not be established: SIGSTRUCT missing, malformed, badly signed or not for this measurement.</summary>
    public const int IdentityRefused = 66;

    /// <summary>The manager refused the certificate (DENIED, FAILED, PENDING_WHITELIST) — its reason is printed.</summary>
    public const int CertificateRefused = 67;

    /// <summary>The node agent could not be reached or answered something unusable, or the agent's reply failed local attestation.</summary>
    public const int AgentUnavailable = 69;

    /// <summary>An internal error of the runtime.</summary>
    public const int Internal = 70;

    /// <summary>The workload's entrypoint could not be started.</summary>
    public const int EntrypointFailed = 71;

    /// <summary>Writing a key, certificate or CA file failed.</summary>
    public const int FileWriteFailed = 73;
}

/// <summary>A reason to stop the start with a clear message and one of <see cref="RuntimeExitCodes"/>.</summary>
public sealed class RuntimeStartException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
