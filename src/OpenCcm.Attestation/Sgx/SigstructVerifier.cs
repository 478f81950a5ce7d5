using L = OpenCcm.Attestation.Sgx.SigstructLayout;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// Verifies a SIGSTRUCT as EINIT would (evidence-formats.md §6): fixed headers and vendor, zero reserved fields,
/// exponent 3, the RSA signature with the embedded key, and Q1/Q2. A SIGSTRUCT is self-signed: "verified" means the
/// holder of the key with this MRSIGNER signed this enclave identity; whether that signer is trusted is policy.
/// </summary>
public sealed class SigstructVerifier : IEvidenceVerifier
{
    public string Format => EvidenceFormats.Sigstruct;

    public bool LooksLike(ReadOnlySpan<byte> evidence) => Sigstruct.LooksLike(evidence);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context)
    {
        Sigstruct sigstruct;
        try
        {
            sigstruct = Sigstruct.Parse(evidence);
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(Format, e);
        }

        var verdict = new VerdictBuilder(Format) { Claims = sigstruct.ToClaims() };
        CheckHeader(sigstruct, verdict);
        CheckReserved(sigstruct, verdict);
        if (sigstruct.Exponent != SigstructRsa.PublicExponent)
        {
            verdict.Error(FindingCodes.SigstructExponentInvalid, $"EXPONENT is {sigstruct.Exponent}; SGX requires 3.");
        }

        if (!sigstruct.VerifySignature())
        {
            verdict.Error(FindingCodes.SignatureInvalid, "The SIGSTRUCT's RSA signature does not verify with its own modulus.");
        }

        if (!sigstruct.VerifyQ1Q2())
        {
            verdict.Error(FindingCodes.SigstructQ1Q2Invalid, "Q1/Q2 do not match the modulus and signature.");
        }

        if (sigstruct.DebugLaunchAllowed)
        {
            verdict.Info(FindingCodes.SigstructDebugLaunchAllowed, "ATTRIBUTEMASK lets the enclave run in debug mode under this signature.");
        }

        return verdict.Complete().Build();
    }

    private static void CheckHeader(Sigstruct sigstruct, VerdictBuilder verdict)
    {
        var raw = sigstruct.Raw.Span;
        if (!raw[..12].SequenceEqual(L.Header1Value) || (sigstruct.HeaderType & ~Sigstruct.HeaderTypeDebugBit) != 0)
        {
            verdict.Error(FindingCodes.SigstructHeaderInvalid, "HEADER is not 06000000E100000000000100 followed by a type with bits 30-0 clear.");
        }

        if (!sigstruct.Header2.SequenceEqual(L.Header2Value))
        {
            verdict.Error(FindingCodes.SigstructHeaderInvalid, "HEADER2 is not 01010000600000006000000001000000.");
        }

        if (sigstruct.Vendor is not (0 or 0x8086))
        {
            verdict.Error(FindingCodes.SigstructHeaderInvalid, $"VENDOR is 0x{sigstruct.Vendor:x}; only 0 and 0x8086 are valid.");
        }
    }

    private static void CheckReserved(Sigstruct sigstruct, VerdictBuilder verdict)
    {
        foreach (var (offset, length) in L.ReservedRanges)
        {
            if (sigstruct.Raw.Span.Slice(offset, length).ContainsAnyExcept((byte)0))
            {
                verdict.Error(FindingCodes.SigstructReservedNotZero, $"Reserved bytes [{offset}, {offset + length}) are not zero.");
            }
        }
    }
}
