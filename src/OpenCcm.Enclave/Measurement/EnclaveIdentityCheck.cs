using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Enclave.Measurement;

/// <summary>
/// What EINIT checks, done by the runtime at start on the simulated platform: the SIGSTRUCT is well formed and its
/// signature verifies (SigstructVerifier), and its ENCLAVEHASH equals the MRENCLAVE recomputed from the runtime
/// executable and the manifest file. The identity (MRSIGNER, ISVPRODID, ISVSVN, debug) is then the SIGSTRUCT's.
/// </summary>
public static class EnclaveIdentityCheck
{
    private static readonly SigstructVerifier Verifier = new();

    /// <summary>Checks a SIGSTRUCT against the runtime and manifest bytes.</summary>
    public static EnclaveIdentityResult Check(ReadOnlySpan<byte> runtimeBytes, ReadOnlySpan<byte> manifestBytes, ReadOnlyMemory<byte> sigstruct) =>
        Check(EnclaveMeasurement.Measure(runtimeBytes, manifestBytes).MrEnclave, sigstruct);

    /// <summary>Checks a SIGSTRUCT against the runtime executable (streamed from disk) and the manifest bytes.</summary>
    /// <exception cref="IOException">The runtime cannot be read.</exception>
    public static EnclaveIdentityResult Check(string runtimePath, ReadOnlySpan<byte> manifestBytes, ReadOnlyMemory<byte> sigstruct) =>
        Check(EnclaveMeasurement.Measure(runtimePath, manifestBytes).MrEnclave, sigstruct);

    /// <summary>Checks a SIGSTRUCT against an MRENCLAVE already computed.</summary>
    public static EnclaveIdentityResult Check(byte[] mrEnclave, ReadOnlyMemory<byte> sigstruct)
    {
        ArgumentNullException.ThrowIfNull(mrEnclave);
        var verdict = Verifier.Verify(sigstruct, new VerificationContext { Time = DateTimeOffset.UnixEpoch });
        if (!verdict.Verified)
        {
            var errors = string.Join("; ", verdict.Errors.Select(e => $"{e.Code}: {e.Message}"));
            return EnclaveIdentityResult.Fail(
                verdict.Malformed ? EnclaveIdentityCodes.SigstructMalformed : EnclaveIdentityCodes.SigstructInvalid, mrEnclave, "The SIGSTRUCT does not verify: " + errors);
        }

        var parsed = Sigstruct.Parse(sigstruct);
        if (!parsed.EnclaveHash.SequenceEqual(mrEnclave))
        {
            return EnclaveIdentityResult.Fail(
                EnclaveIdentityCodes.EnclaveHashMismatch,
                mrEnclave,
                $"The SIGSTRUCT was signed for MRENCLAVE {Convert.ToHexStringLower(parsed.EnclaveHash)}, but the runtime and manifest measure {Convert.ToHexStringLower(mrEnclave)}.");
        }

        var identity = new EnclaveIdentity(mrEnclave, parsed.MrSigner, parsed.IsvProdId, parsed.IsvSvn, parsed.Debug || parsed.AttributesDebug);
        return new EnclaveIdentityResult(identity, null, null, mrEnclave);
    }
}

/// <summary>Stable failure codes of <see cref="EnclaveIdentityCheck"/>.</summary>
public static class EnclaveIdentityCodes
{
    /// <summary>The SIGSTRUCT is not 1808 bytes of the right shape.</summary>
    public const string SigstructMalformed = "SigstructMalformed";

    /// <summary>The SIGSTRUCT is shaped right but fails EINIT's checks (signature, Q1/Q2, headers, reserved bytes).</summary>
    public const string SigstructInvalid = "SigstructInvalid";

    /// <summary>ENCLAVEHASH differs from the measured MRENCLAVE: the runtime or the manifest is not what was signed.</summary>
    public const string EnclaveHashMismatch = "EnclaveHashMismatch";
}

/// <summary>An enclave's identity: MRENCLAVE measured, the rest from its verified SIGSTRUCT.</summary>
public sealed record EnclaveIdentity(byte[] MrEnclave, byte[] MrSigner, ushort IsvProdId, ushort IsvSvn, bool Debug);

/// <summary>The outcome of <see cref="EnclaveIdentityCheck"/>: an identity, or a failure code and message.</summary>
public sealed record EnclaveIdentityResult(EnclaveIdentity? Identity, string? Code, string? Message, byte[] MeasuredMrEnclave)
{
    public bool Succeeded => Identity is not null;

    internal static EnclaveIdentityResult Fail(string code, byte[] mrEnclave, string message) => new(null, code, message, mrEnclave);
}
