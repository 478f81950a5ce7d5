using System.Security.Cryptography;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Agent.Platforms;

/// <summary>
/// The simulated SGX platform (CONTRACTS-5.md "Simulated platform"): the agent's enclave ("FQPE") is loaded with
/// MRENCLAVE = SHA-256("OpenCCM simulated node agent enclave"), MRSIGNER = SHA-256("OpenCCM simulated node agent signer");
/// node evidence is a simulated DCAP quote of it; REPORTs are checked with the platform's report key for its TARGETINFO.
/// </summary>
internal sealed class SimulatedAgentPlatform : IAgentPlatform
{
    public const ushort IsvProdId = 1;
    public const ushort IsvSvn = 1;
    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedEnclave _enclave;
    private readonly SgxReportVerifier _verifier;

    public SimulatedAgentPlatform(string? simulatedDirectory)
    {
        _platform = SimulatedSgxPlatform.OpenOrCreate(SimulatedPlatforms.Directory(simulatedDirectory));
        _enclave = _platform.CreateEnclave(
            SHA256.HashData("OpenCCM simulated node agent enclave"u8), SHA256.HashData("OpenCCM simulated node agent signer"u8), IsvProdId, IsvSvn);
        _verifier = _platform.CreateReportVerifier(_enclave.TargetInfo);
    }

    public string Name => "simulated-sgx";

    public SgxTargetInfo? TargetInfo => _enclave.TargetInfo;

    public Task<ProvidedEvidence> GetNodeEvidenceAsync(byte[] reportData, CancellationToken cancellationToken) =>
        Task.FromResult(new ProvidedEvidence(EvidenceFormats.SgxQuote, _platform.CreateQuote(_enclave, reportData)));

    public ReportCheck VerifyReport(SgxReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verdict = _verifier.Verify(report.Raw, new VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true });
        if (verdict.Verified)
        {
            return ReportCheck.Verified;
        }

        var error = verdict.Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error);
        return new ReportCheck(AgentErrorCodes.ReportMacInvalid, $"The REPORT does not verify for this agent's enclave ({error?.Code}): {error?.Message}");
    }

    public byte[] CreateReport(SgxTargetInfo target, ReadOnlySpan<byte> reportData) => _platform.CreateReport(target, _enclave, reportData);

    public void Dispose() => _platform.Dispose();
}
