namespace OpenCcm.Cli;

/// <summary>Exit codes of <c>ccm evidence verify</c> (DESIGN.md §4); other commands use 0, 1 and 2 alike.</summary>
public static class ExitCodes
{
    public const int Authentic = 0;
    public const int NotAuthentic = 1;
    public const int UsageOrIoError = 2;
    public const int MalformedInput = 3;
}

/// <summary>A usage or I/O problem found while preparing a command: printed plainly, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
