using System.Runtime.InteropServices;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// struct nsm_raw of the Linux NSM driver (include/uapi/linux/nsm.h): two iovecs, the request (read by the driver) and
/// the response buffer (its len is rewritten to the bytes the device returned, drivers/misc/nsm.c parse_resp_raw).
/// aws-nitro-enclaves-nsm-api src/driver/mod.rs passes the same layout as two IoSlices.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NsmRawMessage
{
    public ulong RequestAddress;
    public ulong RequestLength;
    public ulong ResponseAddress;
    public ulong ResponseLength;
}

/// <summary>The one system call the NSM needs beyond open/close.</summary>
internal static class NsmNativeMethods
{
    /// <summary>NSM_MAGIC (include/uapi/linux/nsm.h).</summary>
    public const byte NsmMagic = 0x0A;

    /// <summary>NSM_IOCTL_RAW = _IOWR(NSM_MAGIC, 0, struct nsm_raw) = 0xC0200A00 on x86-64 and arm64.</summary>
    public static readonly nuint NsmIoctlRaw = ReadWriteRequest(NsmMagic, 0, Marshal.SizeOf<NsmRawMessage>());

    /// <summary>
    /// _IOWR of include/uapi/asm-generic/ioctl.h (used by x86-64 and arm64, where Nitro enclaves run):
    /// direction (READ|WRITE = 3) in bits 30–31, argument size in bits 16–29, type in bits 8–15, number in bits 0–7.
    /// </summary>
    public static nuint ReadWriteRequest(byte type, byte number, int size) =>
        (nuint)((3u << 30) | ((uint)size << 16) | ((uint)type << 8) | number);

    /// <summary>ioctl(2) with a pointer argument. Variadic in C; with integer and pointer arguments the fixed-argument call is the same on x86-64 and arm64 Linux.</summary>
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, ref NsmRawMessage message);
}
