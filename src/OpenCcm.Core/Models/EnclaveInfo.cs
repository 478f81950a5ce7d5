namespace OpenCcm.Core.Models;

/// <summary>An SGX enclave's identity (Fortanix <c>enclave_info{mrenclave, mrsigner, isvprodid, isvsvn}</c>).</summary>
/// <param name="Mrenclave">MRENCLAVE, 32 bytes as lowercase hex.</param>
/// <param name="Mrsigner">MRSIGNER (SHA-256 of the signing key's modulus), lowercase hex.</param>
/// <param name="IsvProdId">ISVPRODID.</param>
/// <param name="IsvSvn">ISVSVN.</param>
public sealed record EnclaveInfo(string Mrenclave, string Mrsigner, int IsvProdId, int IsvSvn);
