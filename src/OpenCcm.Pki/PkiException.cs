namespace OpenCcm.Pki;

/// <summary>
/// A PKI operation refused its input or failed closed. <see cref="Code"/> is stable; the message is for people.
/// Programming errors (null arguments) stay ordinary argument exceptions.
/// </summary>
public sealed class PkiException(PkiErrorCode code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public PkiErrorCode Code { get; } = code;
}
