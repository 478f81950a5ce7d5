using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation;

/// <summary>Everything besides the evidence that a verification depends on. Tests pin <see cref="Time"/>.</summary>
public sealed class VerificationContext
{
    /// <summary>The instant at which certificates, CRLs and collateral must be valid.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Collateral (TCB info, identities, CRLs, certificates) available to the verifier.</summary>
    public CollateralSet Collateral { get; init; } = CollateralSet.Empty;

    /// <summary>Extra certificates given by the caller for this evidence (e.g. an IAS signing certificate).</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; init; } = [];

    /// <summary>
    /// Trust simulated roots (found in <see cref="Collateral"/> or supplied in <see cref="SimulatedRoots"/>).
    /// Off by default: simulated evidence is then refused with <see cref="FindingCodes.SimulatedRootNotTrusted"/>.
    /// </summary>
    public bool AllowSimulated { get; init; }

    /// <summary>Simulated roots to trust when <see cref="AllowSimulated"/> is set.</summary>
    public IReadOnlyList<X509Certificate2> SimulatedRoots { get; init; } = [];
}
