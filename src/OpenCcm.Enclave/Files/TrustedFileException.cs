namespace OpenCcm.Enclave.Files;

/// <summary>Hashing a root failed, with a stable <see cref="Code"/> from <see cref="TrustedFileCodes"/>.</summary>
public sealed class TrustedFileException : Exception
{
    public TrustedFileException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public TrustedFileException()
        : this(TrustedFileCodes.Unreadable, "The trusted files could not be read.")
    {
    }

    public TrustedFileException(string message)
        : this(TrustedFileCodes.Unreadable, message)
    {
    }

    public TrustedFileException(string message, Exception innerException)
        : this(TrustedFileCodes.Unreadable, message, innerException)
    {
    }

    public string Code { get; }
}
