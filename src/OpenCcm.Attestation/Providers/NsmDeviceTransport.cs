using System.Runtime.InteropServices;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// The Nitro Secure Module device, /dev/nsm: open it read-write, issue NSM_IOCTL_RAW with the request and a
/// <see cref="NsmCodec.MaxResponseLength"/>-byte response buffer, close — as nsm_init / nsm_process_request / nsm_exit
/// do in aws-nitro-enclaves-nsm-api src/driver/mod.rs. The ioctl blocks until the device answers (the driver waits up
/// to two minutes), so it runs on a thread-pool thread.
/// </summary>
public sealed class NsmDeviceTransport : INsmTransport
{
    public const string DefaultDevicePath = "/dev/nsm";

    private const string InterfaceName = "Nitro Secure Module";

    public NsmDeviceTransport(string devicePath = DefaultDevicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        DevicePath = devicePath;
    }

    public string DevicePath { get; }

    public Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (request.IsEmpty || request.Length > NsmCodec.MaxRequestLength)
        {
            throw new EvidenceProviderException(
                FindingCodes.ReportDataTooLong, $"{InterfaceName}: a request is 1..{NsmCodec.MaxRequestLength} bytes (NSM_REQUEST_MAX_SIZE); got {request.Length}.");
        }

        if (!File.Exists(DevicePath))
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceUnavailable, $"{InterfaceName} not available: {DevicePath} does not exist (not running inside a Nitro enclave with the nsm driver).");
        }

        return Task.Run(() => Exchange(request), cancellationToken);
    }

    private byte[] Exchange(ReadOnlyMemory<byte> request)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(DevicePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception e) when (DeviceErrors.IsSystemError(e))
        {
            throw DeviceErrors.Map(e, InterfaceName, $"opening {DevicePath}");
        }

        using (handle)
        {
            // Pinned-heap arrays never move, so their addresses stay valid for the driver's copy_from_user/copy_to_user.
            var requestBuffer = GC.AllocateArray<byte>(request.Length, pinned: true);
            var responseBuffer = GC.AllocateArray<byte>(NsmCodec.MaxResponseLength, pinned: true);
            request.Span.CopyTo(requestBuffer);
            var message = new NsmRawMessage
            {
                RequestAddress = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(requestBuffer, 0),
                RequestLength = (ulong)requestBuffer.Length,
                ResponseAddress = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(responseBuffer, 0),
                ResponseLength = (ulong)responseBuffer.Length,
            };

            var added = false;
            int result, errno;
            try
            {
                handle.DangerousAddRef(ref added);
                result = NsmNativeMethods.Ioctl((int)handle.DangerousGetHandle(), NsmNativeMethods.NsmIoctlRaw, ref message);
                errno = Marshal.GetLastPInvokeError();
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }

            if (result != 0)
            {
                throw IoctlError(errno);
            }

            if (message.ResponseLength > (ulong)responseBuffer.Length)
            {
                throw new EvidenceProviderException(
                    FindingCodes.EvidenceTooLarge, $"{InterfaceName}: the driver reports a {message.ResponseLength}-byte response for a {responseBuffer.Length}-byte buffer.");
            }

            return responseBuffer[..(int)message.ResponseLength];
        }
    }

    /// <summary>drivers/misc/nsm.c: EMSGSIZE for a request over NSM_REQUEST_MAX_SIZE, ETIMEDOUT/EIO/ENODATA from the virtqueue.</summary>
    private static EvidenceProviderException IoctlError(int errno) => errno switch
    {
        DeviceErrors.Emsgsize => new(FindingCodes.ReportDataTooLong, $"{InterfaceName}: the driver refused the request as too large (EMSGSIZE)."),
        DeviceErrors.Eacces or DeviceErrors.Eperm => new(FindingCodes.EvidenceDevicePermissionDenied, $"{InterfaceName}: NSM_IOCTL_RAW refused ({DeviceErrors.Name(errno)})."),
        DeviceErrors.Ebusy or DeviceErrors.Eagain => new(FindingCodes.EvidenceDeviceBusy, $"{InterfaceName}: NSM_IOCTL_RAW failed with {DeviceErrors.Name(errno)}."),
        _ => new(FindingCodes.EvidenceDeviceError, $"{InterfaceName}: NSM_IOCTL_RAW failed with {DeviceErrors.Name(errno)}."),
    };
}
