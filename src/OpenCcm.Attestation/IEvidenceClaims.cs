namespace OpenCcm.Attestation;

/// <summary>What a piece of evidence states about the workload and platform.</summary>
public interface IEvidenceClaims
{
    /// <summary>
    /// The claims as the CLI and API print them: camelCase names (DESIGN.md §4), byte values as lowercase hex,
    /// integers as numbers, booleans as booleans, nested maps as dictionaries.
    /// </summary>
    IReadOnlyDictionary<string, object?> ToDictionary();
}
