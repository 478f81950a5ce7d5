namespace OpenCcm.Cli.Enclave;

/// <summary>File access for <c>ccm enclave</c>: I/O failures become usage errors (exit 2); writes replace files atomically.</summary>
internal static class Io
{
    public static byte[] Read(string path, string what) => Guard(() => File.ReadAllBytes(path), path, what);

    /// <summary>Writes beside the target then renames, so a reader never sees half a file.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        Guard(
            () =>
            {
                try
                {
                    File.WriteAllBytes(temporary, bytes);
                    File.Move(temporary, full, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            },
            path);
    }

    public static T Guard<T>(Func<T> action, string path, string what = "file")
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot access {what} '{path}': {e.Message}");
        }
    }

    public static void Guard(Action action, string path) => Guard(() => { action(); return 0; }, path);
}
