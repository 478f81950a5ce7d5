using System.Runtime.InteropServices;

namespace OpenCcm.Runtime.Workload;

/// <summary>The one libc call .NET has no API for: sending an arbitrary signal to a process (kill(2)).</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
