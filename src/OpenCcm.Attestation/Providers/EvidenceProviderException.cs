namespace OpenCcm.Attestation.Providers;

/// <summary>
/// Evidence could not be obtained from the local TEE interface. <see cref="Code"/> is a stable code from
/// <see cref="FindingCodes"/> (EvidenceDeviceUnavailable, ReportDataTooLong, EvidenceDeviceBusy, ...); the message says
/// what failed and, where the kernel or driver gave one, the error number.
/// </summary>
public sealed class EvidenceProviderException : Exception
{
    public EvidenceProviderException()
        : this(FindingCodes.EvidenceDeviceError, "The evidence provider failed.")
    {
    }

    public EvidenceProviderException(string message)
        : this(FindingCodes.EvidenceDeviceError, message)
    {
    }

    public EvidenceProviderException(string message, Exception innerException)
        : this(FindingCodes.EvidenceDeviceError, message, innerException)
    {
    }

    public EvidenceProviderException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>The stable code (one of the provider codes in <see cref="FindingCodes"/>).</summary>
    public string Code { get; }
}
