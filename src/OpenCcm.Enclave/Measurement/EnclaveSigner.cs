using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Enclave.Measurement;

/// <summary>
/// Signs an enclave's SIGSTRUCT (SigstructBuilder): ENCLAVEHASH = MRENCLAVE, ISVPRODID, ISVSVN, and for a debug
/// enclave ATTRIBUTES.DEBUG plus header type bit 31. ATTRIBUTEMASK pins every bit, DEBUG included, so a production
/// signature cannot launch a debug enclave (stricter than the SDK's default, which leaves DEBUG free).
/// </summary>
public static class EnclaveSigner
{
    private const byte Mode64BitFlag = 0x04;

    /// <summary>Builds and signs the 1808-byte SIGSTRUCT with an RSA-3072 e = 3 key.</summary>
    /// <param name="date">DATE; null = today (UTC). Tests pin it for byte-identical output.</param>
    /// <exception cref="ArgumentException">The MRENCLAVE is not 32 bytes or the key is not RSA-3072 e = 3.</exception>
    public static byte[] Sign(RSA signingKey, EnclaveSigningRequest request, DateOnly? date = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] attributes = [(byte)(Mode64BitFlag | (request.Debug ? (byte)SgxReportBody.DebugFlag : 0)), 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0];
        var builder = new SigstructBuilder
        {
            EnclaveHash = request.MrEnclave,
            IsvProdId = request.IsvProdId,
            IsvSvn = request.IsvSvn,
            Debug = request.Debug,
            Attributes = attributes,
            AttributeMask = [.. Enumerable.Repeat((byte)0xFF, 16)],
            Date = date ?? DateOnly.FromDateTime(DateTime.UtcNow),
        };
        return builder.Sign(signingKey);
    }
}

/// <summary>What an enclave's SIGSTRUCT states.</summary>
public sealed record EnclaveSigningRequest(byte[] MrEnclave, ushort IsvProdId, ushort IsvSvn, bool Debug);
