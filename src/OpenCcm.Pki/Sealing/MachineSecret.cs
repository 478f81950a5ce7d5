using System.Security.Cryptography;

namespace OpenCcm.Pki.Sealing;

/// <summary>
/// The machine-local secret: 32 random bytes in a file only its owner may read (0600), created once. Like an SSH
/// private key, a file that others can read is refused rather than trusted.
/// </summary>
internal static class MachineSecret
{
    public const int Length = 32;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the secret at <paramref name="path"/>, creating it first when absent. Returns a pinned array: zero it after use.</summary>
    public static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var fresh = GC.AllocateArray<byte>(Length, pinned: true);
            RandomNumberGenerator.Fill(fresh);
            try
            {
                SecureFile.WriteNew(path, fresh);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fresh);
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new PkiException(
                PkiErrorCode.MachineSecretInvalid, $"The machine secret {path} is accessible to other users; restrict it to its owner (chmod 600).");
        }

        var secret = GC.AllocateArray<byte>(Length, pinned: true);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length != Length)
        {
            throw new PkiException(PkiErrorCode.MachineSecretInvalid, $"The machine secret {path} has {file.Length} bytes, expected {Length}.");
        }

        file.ReadExactly(secret);
        return secret;
    }
}
