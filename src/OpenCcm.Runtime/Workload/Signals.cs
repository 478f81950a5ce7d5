namespace OpenCcm.Runtime.Workload;

/// <summary>Linux signal numbers (x86-64 and arm64 agree on these) and their names as a manifest writes them.</summary>
public static class Signals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;
    public const int SigTerm = 15;

    /// <summary>The signals the runtime passes on to the workload.</summary>
    public static IReadOnlyList<int> Forwarded { get; } = [SigTerm, SigInt, SigHup, SigQuit, SigUsr1, SigUsr2];

    /// <summary>.NET's own member for the well-known signals; SIGUSR1/2 have none, and raw numbers are accepted on Unix.</summary>
    public static System.Runtime.InteropServices.PosixSignal ToPosixSignal(int signal) => signal switch
    {
        SigHup => System.Runtime.InteropServices.PosixSignal.SIGHUP,
        SigInt => System.Runtime.InteropServices.PosixSignal.SIGINT,
        SigQuit => System.Runtime.InteropServices.PosixSignal.SIGQUIT,
        SigTerm => System.Runtime.InteropServices.PosixSignal.SIGTERM,
        _ => (System.Runtime.InteropServices.PosixSignal)signal,
    };

    /// <summary>"SIGHUP", "HUP" or "1" → 1; null when unknown.</summary>
    public static int? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (int.TryParse(name, out var number) && number is > 0 and < 65)
        {
            return number;
        }

        var bare = name.Trim().ToUpperInvariant();
        bare = bare.StartsWith("SIG", StringComparison.Ordinal) ? bare[3..] : bare;
        return bare switch
        {
            "HUP" => SigHup,
            "INT" => SigInt,
            "QUIT" => SigQuit,
            "USR1" => SigUsr1,
            "USR2" => SigUsr2,
            "TERM" => SigTerm,
            _ => null,
        };
    }
}
