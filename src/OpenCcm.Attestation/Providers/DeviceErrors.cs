namespace OpenCcm.Attestation.Providers;

/// <summary>
/// Turns what .NET throws for a failed system call into an <see cref="EvidenceProviderException"/> with a stable code.
/// On Unix .NET maps errno as follows (System.Private.CoreLib Interop.GetExceptionForIoErrno): ENOENT →
/// FileNotFound/DirectoryNotFoundException, EACCES/EPERM → UnauthorizedAccessException, EFBIG →
/// ArgumentOutOfRangeException, anything else → IOException whose HResult is the raw errno.
/// </summary>
internal static class DeviceErrors
{
    public const int Eperm = 1;
    public const int Eio = 5;
    public const int Enxio = 6;
    public const int Eagain = 11;
    public const int Eacces = 13;
    public const int Ebusy = 16;
    public const int Enodev = 19;
    public const int Einval = 22;
    public const int Efbig = 27;
    public const int Emsgsize = 90;

    /// <summary>True for what the system-call wrappers throw, so callers catch nothing else.</summary>
    public static bool IsSystemError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException { ParamName: "value" };

    /// <summary>Classifies <paramref name="e"/>, thrown by <paramref name="operation"/> on <paramref name="interfaceName"/>.</summary>
    public static EvidenceProviderException Map(Exception e, string interfaceName, string operation) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            new(FindingCodes.EvidenceDeviceUnavailable, $"{interfaceName}: {operation} failed: the file does not exist ({e.Message}).", e),
        UnauthorizedAccessException =>
            new(FindingCodes.EvidenceDevicePermissionDenied, $"{interfaceName}: {operation} failed: permission denied ({e.Message}).", e),
        ArgumentOutOfRangeException =>
            new(FindingCodes.EvidenceTooLarge, $"{interfaceName}: {operation} failed with EFBIG: the evidence exceeds the interface's maximum.", e),
        IOException { HResult: Enxio or Enodev } =>
            new(FindingCodes.EvidenceDeviceUnavailable, $"{interfaceName}: {operation} failed with {Name(e.HResult)}: no TEE provider behind the interface.", e),
        IOException { HResult: Ebusy or Eagain } =>
            new(FindingCodes.EvidenceDeviceBusy, $"{interfaceName}: {operation} failed with {Name(e.HResult)}: the device is busy.", e),
        IOException { HResult: Efbig } =>
            new(FindingCodes.EvidenceTooLarge, $"{interfaceName}: {operation} failed with EFBIG: the evidence exceeds the interface's maximum.", e),
        _ => new(FindingCodes.EvidenceDeviceError, $"{interfaceName}: {operation} failed with {Name(e.HResult)}: {e.Message}", e),
    };

    /// <summary>A readable name for a Linux errno (the usual ones of these interfaces), else its number.</summary>
    public static string Name(int errno) => errno switch
    {
        Eperm => "EPERM",
        2 => "ENOENT",
        4 => "EINTR",
        Eio => "EIO",
        Enxio => "ENXIO",
        Eagain => "EAGAIN",
        12 => "ENOMEM",
        Eacces => "EACCES",
        14 => "EFAULT",
        Ebusy => "EBUSY",
        17 => "EEXIST",
        Enodev => "ENODEV",
        Einval => "EINVAL",
        25 => "ENOTTY",
        Efbig => "EFBIG",
        61 => "ENODATA",
        62 => "ETIME",
        Emsgsize => "EMSGSIZE",
        95 => "EOPNOTSUPP",
        110 => "ETIMEDOUT",
        _ => errno > 0 ? $"errno {errno}" : $"HRESULT 0x{errno:x8}",
    };
}
