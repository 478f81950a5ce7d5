using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Agent.Platforms;

/// <summary>The TEE the agent runs on: node evidence for enrollment, and (SGX) the agent enclave's local attestation.</summary>
internal interface IAgentPlatform : IDisposable
{
    /// <summary>What /v1/sys/version reports: simulated-sgx, sgx, tdx, snp, nitro.</summary>
    string Name { get; }

    /// <summary>The agent enclave's TARGETINFO, or null when this platform offers no local attestation.</summary>
    SgxTargetInfo? TargetInfo { get; }

    /// <summary>Platform evidence whose report data is <paramref name="reportData"/> (64 bytes), for node enrollment.</summary>
    Task<ProvidedEvidence> GetNodeEvidenceAsync(byte[] reportData, CancellationToken cancellationToken);

    /// <summary>Checks a REPORT's MAC with the agent enclave's report key (it must target the agent); the reason when it does not verify.</summary>
    ReportCheck VerifyReport(SgxReport report);

    /// <summary>A REPORT of the agent enclave for <paramref name="target"/> with <paramref name="reportData"/>.</summary>
    byte[] CreateReport(SgxTargetInfo target, ReadOnlySpan<byte> reportData);
}

/// <summary>The outcome of a local REPORT check: null code = verified.</summary>
internal sealed record ReportCheck(string? Code, string Message)
{
    public static ReportCheck Verified { get; } = new(null, "verified");

    public bool IsVerified => Code is null;
}
