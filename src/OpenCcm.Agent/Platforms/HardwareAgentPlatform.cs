using OpenCcm.AgentProtocol;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Agent.Platforms;

/// <summary>
/// A real TEE: node evidence from its provider — TDX and SEV-SNP through configfs-tsm, Nitro through the NSM, SGX through
/// Gramine's /dev/attestation (DCAP quote). Wired, but not testable on this machine. Local attestation of workload REPORTs
/// needs the agent enclave's EGETKEY, which none of these interfaces exposes, so it is refused with
/// <see cref="AgentErrorCodes.LocalAttestationUnsupported"/> (docs/node-agent.md).
/// </summary>
internal sealed class HardwareAgentPlatform(string name, IEvidenceProvider provider) : IAgentPlatform
{
    public string Name => name;

    public SgxTargetInfo? TargetInfo => null;

    public static IAgentPlatform Create(string platform) => platform switch
    {
        "tdx" => new HardwareAgentPlatform("tdx", new ConfigfsTsmProvider(EvidenceFormats.TdxQuote)),
        "snp" => new HardwareAgentPlatform("snp", new ConfigfsTsmProvider(EvidenceFormats.SnpReport)),
        "nitro" => new HardwareAgentPlatform("nitro", new NitroSecureModuleProvider()),
        "sgx" => new HardwareAgentPlatform("sgx", GramineAttestationProvider.ForQuotes()),
        _ => throw new ArgumentException($"Unknown platform '{platform}': simulated, sgx, tdx, snp or nitro.", nameof(platform)),
    };

    public Task<ProvidedEvidence> GetNodeEvidenceAsync(byte[] reportData, CancellationToken cancellationToken) =>
        provider.GetEvidenceAsync(reportData, cancellationToken);

    public ReportCheck VerifyReport(SgxReport report) =>
        new(AgentErrorCodes.LocalAttestationUnsupported, $"Local attestation is not available on platform {name}.");

    public byte[] CreateReport(SgxTargetInfo target, ReadOnlySpan<byte> reportData) =>
        throw new NotSupportedException($"Local attestation is not available on platform {name}.");

    public void Dispose()
    {
        (provider as IDisposable)?.Dispose();
    }
}
