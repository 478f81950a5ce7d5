namespace OpenCcm.Attestation;

/// <summary>
/// Verifies the authenticity of one evidence format. Implementations never throw for bad input: malformed
/// bytes become a verdict with a format finding. They are thread-safe and may cache verified collateral.
/// </summary>
public interface IEvidenceVerifier
{
    /// <summary>The format name (see <see cref="EvidenceFormats"/>).</summary>
    string Format { get; }

    /// <summary>A cheap structural sniff used by <c>--format auto</c>; never a verdict.</summary>
    bool LooksLike(ReadOnlySpan<byte> evidence);

    AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context);
}
