using System.Runtime.Versioning;
namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// The quickstart's data directory (docs/quickstart.md). Every run recreates its contents: a rerun gets a fresh manager,
/// zone, node and demo, never a half-configured state from an interrupted run. A directory that is not empty and was not
/// made by the quickstart is refused rather than emptied, and a lock keeps two quickstarts out of one directory.
/// </summary>
[UnsupportedOSPlatform("windows")] // Unix file modes; the runtime it runs is Linux-only
internal sealed class QuickstartDirectory : IDisposable
{
    public const string DefaultFolderName = "quickstart";
    private const string MarkerName = ".openccm-quickstart";
    private const string LockName = ".lock";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly FileStream _lock;

    private QuickstartDirectory(string root, FileStream lockFile)
    {
        Root = root;
        _lock = lockFile;
    }

    public static string DefaultPath { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "openccm", DefaultFolderName);

    public string Root { get; }

    public string Manager => Path.Combine(Root, "manager");

    public string ManagerCa => Path.Combine(Manager, "manager-ca.pem");

    public string Agent => Path.Combine(Root, "agent");

    public string Simulated => Path.Combine(Root, "simulated");

    public string Demo => Path.Combine(Root, "demo");

    public string ZoneRoot => Path.Combine(Root, "zone-root.pem");

    public string PasswordFile => Path.Combine(Root, "admin-password");

    /// <summary>Locks the directory and empties what an earlier run left (only when that run made it).</summary>
    public static QuickstartDirectory Prepare(string path)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"--data-dir '{path}' is a file.");
        }

        var fresh = !Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any();
        if (!fresh && !File.Exists(Path.Combine(path, MarkerName)))
        {
            throw new UsageException($"'{path}' is not empty and was not made by 'ccm quickstart'; pass another --data-dir.");
        }

        Directory.CreateDirectory(path, OwnerOnly);
        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, released when the process ends however it ends.
            lockFile = new FileStream(Path.Combine(path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new UsageException($"Another 'ccm quickstart' is running with '{path}'; stop it (Ctrl-C) or pass another --data-dir.");
        }

        try
        {
            foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
            {
                if (entry.Name is LockName)
                {
                    continue;
                }

                if (entry is DirectoryInfo { LinkTarget: null } directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            File.WriteAllText(Path.Combine(path, MarkerName), "made by ccm quickstart; emptied by its next run\n");
            return new QuickstartDirectory(path, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Writes the administrator's password to a file created with mode 0600 (never readable by others).</summary>
    public void WritePassword(string password)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var writer = new StreamWriter(PasswordFile, options);
        writer.WriteLine(password);
    }

    public void Dispose() => _lock.Dispose();
}
