namespace OpenCcm.Core.Models;

/// <summary>
/// Names of the measurement fields a non-SGX build carries (claim names of DESIGN.md §4), and which one
/// identifies the build: a build's identity measurement is unique per account (Fortanix: "MRENCLAVE unique
/// per account", extended to the other TEEs).
/// </summary>
public static class BuildMeasurements
{
    /// <summary>TDX MRTD.</summary>
    public const string MrTd = "mrTd";

    /// <summary>SEV-SNP launch measurement.</summary>
    public const string Measurement = "measurement";

    /// <summary>Nitro PCR0 (enclave image).</summary>
    public const string Pcr0 = "pcr0";

    /// <summary>
    /// The identity measurement of a build, lowercase hex: MRENCLAVE for SGX, MRTD for TDX, the launch
    /// measurement for SEV-SNP, PCR0 for Nitro.
    /// </summary>
    /// <exception cref="ArgumentException">The build lacks the field its TEE kind needs.</exception>
    public static string IdentityOf(Build build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var value = build.TeeKind switch
        {
            TeeKind.Sgx => build.EnclaveInfo?.Mrenclave,
            TeeKind.Tdx => build.Measurements.GetValueOrDefault(MrTd),
            TeeKind.SevSnp => build.Measurements.GetValueOrDefault(Measurement),
            TeeKind.Nitro => build.Measurements.GetValueOrDefault(Pcr0),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A {build.TeeKind} build needs its identity measurement.", nameof(build));
        }

        return value.Trim().ToLowerInvariant();
    }
}
