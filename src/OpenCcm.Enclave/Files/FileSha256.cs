using System.Security.Cryptography;

namespace OpenCcm.Enclave.Files;

/// <summary>Streams files through SHA-256, several at once (files are independent), into lowercase hex.</summary>
internal static class FileSha256
{
    private const int BufferSize = 1 << 16;

    /// <summary>The hex SHA-256 of each file, in the order given.</summary>
    /// <exception cref="TrustedFileException">A file cannot be read.</exception>
    public static string[] HashAll(IReadOnlyList<(string Relative, FileInfo File)> files)
    {
        var hashes = new string[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => hashes[i] = Hash(files[i].Relative, files[i].File));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(inner => inner is TrustedFileException) is TrustedFileException first)
        {
            throw first;
        }

        return hashes;
    }

    private static string Hash(string relative, FileInfo file)
    {
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustedFileException(TrustedFileCodes.Unreadable, $"Cannot read '{relative}': {e.Message}", e);
        }
    }
}
