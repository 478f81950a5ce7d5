namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// What a relying party requires of an authentic Nitro document (evidence-formats.md §9 step 5). Every unset
/// member is not checked. Judged by <see cref="NitroPolicyEvaluator"/>, apart from authenticity.
/// </summary>
public sealed class NitroPolicy
{
    /// <summary>
    /// PCR index → required value. PCR0 enclave image, PCR1 kernel and bootstrap, PCR2 application, PCR3 parent
    /// instance IAM role, PCR4 parent instance id, PCR8 enclave image signing certificate.
    /// </summary>
    public IReadOnlyDictionary<int, byte[]> ExpectedPcrs { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Accept debug enclaves (PCR0–2 zero, memory readable by the parent instance). Off by default.</summary>
    public bool AllowDebug { get; init; }

    /// <summary>Accept documents chaining to a simulated root. Off by default.</summary>
    public bool AllowSimulated { get; init; }

    /// <summary>The nonce the verifier sent; the document must carry exactly it.</summary>
    public byte[]? ExpectedNonce { get; init; }

    /// <summary>The user data the document must carry exactly (e.g. a hash binding a CSR).</summary>
    public byte[]? ExpectedUserData { get; init; }

    /// <summary>The public key the document must carry exactly.</summary>
    public byte[]? ExpectedPublicKey { get; init; }

    /// <summary>How old the document's timestamp may be at evaluation time.</summary>
    public TimeSpan? MaximumAge { get; init; }

    /// <summary>How far the timestamp may lie ahead of the evaluation time (clock skew). Checked with <see cref="MaximumAge"/>.</summary>
    public TimeSpan MaximumClockSkew { get; init; } = TimeSpan.FromMinutes(1);
}
