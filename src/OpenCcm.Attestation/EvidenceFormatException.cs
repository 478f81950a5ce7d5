namespace OpenCcm.Attestation;

/// <summary>
/// Thrown by parsers when bytes do not form the structure they claim to be. Malformed input is never
/// "valid" and never crashes a verifier: verifiers turn this into a <see cref="FindingCodes.MalformedEvidence"/> verdict.
/// </summary>
public sealed class EvidenceFormatException : Exception
{
    public EvidenceFormatException()
        : this(FindingCodes.MalformedEvidence, "Malformed evidence.")
    {
    }

    public EvidenceFormatException(string message)
        : this(FindingCodes.MalformedEvidence, message)
    {
    }

    public EvidenceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = FindingCodes.MalformedEvidence;
    }

    public EvidenceFormatException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The stable finding code of the format error.</summary>
    public string Code { get; }
}
