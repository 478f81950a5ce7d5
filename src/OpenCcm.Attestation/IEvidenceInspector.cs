namespace OpenCcm.Attestation;

/// <summary>Describes the parsed structure of evidence without verifying anything (<c>ccm evidence inspect</c>).</summary>
public interface IEvidenceInspector
{
    /// <summary>Field names and values (hex for bytes, nested maps for sub-structures); throws <see cref="EvidenceFormatException"/>.</summary>
    IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence);
}
