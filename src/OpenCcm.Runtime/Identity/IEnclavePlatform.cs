using OpenCcm.Attestation.Sgx;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Runtime.Identity;

/// <summary>
/// What the runtime needs of the enclave it runs as: EREPORT for another enclave (the node agent's), and EGETKEY to
/// check a REPORT made for itself. The simulated platform provides both today; SGX hardware would through the SDK.
/// </summary>
public interface IEnclavePlatform
{
    /// <summary>This enclave's identity as its REPORTs state it.</summary>
    EnclaveIdentity Identity { get; }

    /// <summary>EREPORT: a REPORT of this enclave for <paramref name="target"/> with <paramref name="reportData"/> (64 bytes).</summary>
    byte[] CreateReport(SgxTargetInfo target, ReadOnlySpan<byte> reportData);

    /// <summary>True when <paramref name="report"/>'s MAC verifies with this enclave's report key (it was made for us on this platform).</summary>
    bool VerifyReportForSelf(SgxReport report);
}
