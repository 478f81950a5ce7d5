namespace OpenCcm.Attestation;

/// <summary>Parses evidence without verifying it; used to measure parsing alone (<c>ccm bench verify</c>).</summary>
public interface IEvidenceParser
{
    /// <summary>The parsed structure; throws <see cref="EvidenceFormatException"/> when malformed.</summary>
    object ParseUnverified(ReadOnlyMemory<byte> evidence);
}
