namespace OpenCcm.Pki.Sealing;

/// <summary>Owner-only files written whole or not at all.</summary>
internal static class SecureFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="contents"/> to a temporary file (0600, flushed to disk) and renames it to
    /// <paramref name="path"/> without replacing an existing file. Returns false when another process created
    /// <paramref name="path"/> first; readers never see a half-written file.
    /// </summary>
    public static bool WriteNew(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(contents);
                file.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
