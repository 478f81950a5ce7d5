using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Runtime.Identity;

/// <summary>
/// Establishes the enclave identity on the simulated platform as EINIT would (CONTRACTS-5.md "Simulated measurement"):
/// mrenclave = SHA-256("OpenCCM-ENCLAVE/1\0" || SHA-256(runtime executable) || SHA-256(manifest bytes)); the SIGSTRUCT
/// must be validly signed and its ENCLAVEHASH must equal that mrenclave; mrsigner, isvprodid, isvsvn and debug then come
/// from the SIGSTRUCT.
/// </summary>
public static class IdentityEstablisher
{
    private static ReadOnlySpan<byte> Label => "OpenCCM-ENCLAVE/1\0"u8;

    /// <exception cref="RuntimeStartException">With <see cref="RuntimeExitCodes.IdentityRefused"/>.</exception>
    public static EnclaveIdentity Establish(ReadOnlySpan<byte> runtimeExecutable, ReadOnlySpan<byte> manifest, ReadOnlyMemory<byte> sigstructBytes)
    {
        var mrEnclave = Measure(runtimeExecutable, manifest);
        Sigstruct sigstruct;
        try
        {
            sigstruct = Sigstruct.Parse(sigstructBytes);
        }
        catch (EvidenceFormatException e)
        {
            throw Refused($"the SIGSTRUCT is malformed ({e.Code}): {e.Message}");
        }

        if (!sigstruct.VerifySignature())
        {
            throw Refused("the SIGSTRUCT's signature does not verify with its own key (altered or corrupted)");
        }

        if (!CryptographicOperations.FixedTimeEquals(sigstruct.EnclaveHash, mrEnclave))
        {
            throw Refused(
                $"the SIGSTRUCT was signed for mrenclave {Convert.ToHexStringLower(sigstruct.EnclaveHash)}, but this runtime and manifest measure " +
                $"{Convert.ToHexStringLower(mrEnclave)} (the manifest or the runtime changed since signing; re-run `ccm enclave measure`)");
        }

        return new EnclaveIdentity(mrEnclave, sigstruct.MrSigner, sigstruct.IsvProdId, sigstruct.IsvSvn, sigstruct.AttributesDebug);
    }

    /// <summary>The simulated MRENCLAVE of this runtime running this manifest.</summary>
    public static byte[] Measure(ReadOnlySpan<byte> runtimeExecutable, ReadOnlySpan<byte> manifest)
    {
        Span<byte> input = stackalloc byte[Label.Length + 64];
        Label.CopyTo(input);
        SHA256.HashData(runtimeExecutable, input[Label.Length..]);
        SHA256.HashData(manifest, input[(Label.Length + 32)..]);
        return SHA256.HashData(input);
    }

    private static RuntimeStartException Refused(string message) =>
        new(RuntimeExitCodes.IdentityRefused, "enclave identity refused: " + message);
}
