namespace OpenCcm.AgentProtocol;

/// <summary>A CSR that is not an acceptable attested CSR; <see cref="Code"/> is one of <see cref="AgentErrorCodes"/>.</summary>
public sealed class AttestationCsrException : Exception
{
    public AttestationCsrException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public AttestationCsrException()
        : this(AgentErrorCodes.CsrInvalid, "The CSR is not acceptable.")
    {
    }

    public AttestationCsrException(string message)
        : this(AgentErrorCodes.CsrInvalid, message)
    {
    }

    public AttestationCsrException(string message, Exception innerException)
        : this(AgentErrorCodes.CsrInvalid, message, innerException)
    {
    }

    public string Code { get; }
}
