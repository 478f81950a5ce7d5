namespace OpenCcm.Enclave.Manifest;

/// <summary>A manifest that cannot be used, with a stable <see cref="Code"/> from <see cref="EnclaveManifestErrorCodes"/>.</summary>
public sealed class EnclaveManifestException : Exception
{
    public EnclaveManifestException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public EnclaveManifestException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public EnclaveManifestException()
        : this(EnclaveManifestErrorCodes.MalformedJson, "The manifest is not valid.")
    {
    }

    public EnclaveManifestException(string message)
        : this(EnclaveManifestErrorCodes.MalformedJson, message)
    {
    }

    public EnclaveManifestException(string message, Exception innerException)
        : this(EnclaveManifestErrorCodes.MalformedJson, message, innerException)
    {
    }

    public string Code { get; }
}
