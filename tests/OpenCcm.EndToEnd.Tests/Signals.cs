using System.Runtime.InteropServices;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>Signals to child processes (.NET only sends SIGKILL), and whether a process is gone.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;

    public static void Terminate(int pid) => Assert.Equal(0, Kill(pid, SigTerm));

    /// <summary>The process no longer exists (not even as a zombie waiting to be reaped).</summary>
    public static bool IsGone(int pid) => !Directory.Exists($"/proc/{pid}");

    /// <summary>The direct children of a process, from /proc (per thread: the one that forked lists the child).</summary>
    public static IReadOnlyList<int> Children(int pid) =>
    [
        .. Directory.EnumerateDirectories($"/proc/{pid}/task")
            .Select(task => Path.Combine(task, "children"))
            .Where(File.Exists)
            .SelectMany(path => File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
