namespace OpenCcm.Oci;

/// <summary>A registry, layout or content failure with a stable <see cref="Code"/> from <see cref="OciErrorCodes"/>.</summary>
public sealed class OciException : Exception
{
    public OciException()
        : this(OciErrorCodes.RegistryError, "OCI operation failed.")
    {
    }

    public OciException(string message)
        : this(OciErrorCodes.RegistryError, message)
    {
    }

    public OciException(string message, Exception innerException)
        : this(OciErrorCodes.RegistryError, message, innerException)
    {
    }

    public OciException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public string Code { get; }

    /// <summary>HTTP status of the registry answer that caused this, when there was one.</summary>
    public int? HttpStatus { get; init; }
}
