using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Runtime.Identity;

/// <summary>
/// The runtime's enclave on the simulated SGX platform shared with the node agent (CONTRACTS-5.md: the directory from
/// <c>CCM_SIMULATED_DIR</c>), "loaded" with the identity established from the manifest and SIGSTRUCT.
/// </summary>
public sealed class SimulatedEnclavePlatform : IEnclavePlatform, IDisposable
{
    private readonly SimulatedSgxPlatform _platform;
    private readonly SimulatedEnclave _enclave;

    public SimulatedEnclavePlatform(SimulatedSgxPlatform platform, EnclaveIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(identity);
        _platform = platform;
        Identity = identity;
        _enclave = platform.CreateEnclave(identity.MrEnclave, identity.MrSigner, identity.IsvProdId, identity.IsvSvn, identity.Debug);
    }

    public EnclaveIdentity Identity { get; }

    /// <summary>Opens the shared simulated platform (<c>CCM_SIMULATED_DIR</c>, else ~/.local/share/openccm/simulated).</summary>
    public static SimulatedEnclavePlatform Open(EnclaveIdentity identity) =>
        new(SimulatedSgxPlatform.OpenOrCreate(SimulatedPlatforms.Directory(null)), identity);

    public byte[] CreateReport(SgxTargetInfo target, ReadOnlySpan<byte> reportData) => _platform.CreateReport(target, _enclave, reportData);

    public bool VerifyReportForSelf(SgxReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var key = _platform.DeriveReportKey(_enclave.TargetInfo, report.KeyId);
        try
        {
            return report.VerifyMac(key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose() => _platform.Dispose();
}
