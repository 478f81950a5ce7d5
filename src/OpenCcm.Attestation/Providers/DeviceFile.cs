using System.Text;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// Whole-file reads and writes on pseudo-files (configfs attributes, Gramine's /dev/attestation): open, one
/// positioned write or reads until end of file, close. Sizes reported by stat mean nothing on these file systems, so
/// reads never trust them; every read is capped.
/// </summary>
internal static class DeviceFile
{
    public static async Task<byte[]> ReadAsync(string path, int maxLength, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[Math.Min(4096, maxLength + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxLength)
                {
                    throw new EvidenceProviderException(
                        FindingCodes.EvidenceTooLarge, $"{path} holds more than {maxLength} bytes, the most this provider reads.");
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxLength + 1L));
            }

            var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(total), total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
        }
    }

    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(path, 4096, cancellationToken).ConfigureAwait(false);
        return Encoding.ASCII.GetString(bytes).Trim();
    }

    /// <summary>Writes <paramref name="data"/> at offset 0 of an existing file (no create, no truncate), then closes it.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        await RandomAccess.WriteAsync(handle, data, 0, cancellationToken).ConfigureAwait(false);
    }
}
