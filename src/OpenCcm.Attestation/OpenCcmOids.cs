namespace OpenCcm.Attestation;

/// <summary>
/// Object identifiers OpenCCM defines, under a UUID-derived arc (ITU-T X.667, 2.25.&lt;UUID&gt;) that needs no registration.
/// Documented in docs/oids.md.
/// </summary>
public static class OpenCcmOids
{
    /// <summary>The OpenCCM arc.</summary>
    public const string Arc = "2.25.269156886194734782489324325190167220681";

    /// <summary>
    /// Non-critical extension present on every certificate of a simulated TEE's PKI (roots, intermediates, leaves).
    /// Value: DER UTF8String naming the simulated platform (e.g. "sgx"). Verifiers treat a chain ending at a root
    /// with this extension as simulated: trusted only when the caller allows simulation, and reported as such.
    /// </summary>
    public const string SimulatedTee = Arc + ".1";

    /// <summary>Certificate extension carrying a workload's attested identity (defined by the manager).</summary>
    public const string WorkloadIdentity = Arc + ".2";
}
