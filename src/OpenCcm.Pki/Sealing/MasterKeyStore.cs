using System.Security.Cryptography;

namespace OpenCcm.Pki.Sealing;

/// <summary>
/// Keeps a single manager's master key sealed on disk (DESIGN.md §2). What this protects and what it does not is in
/// src/OpenCcm.Pki/README.md ("Sealing"): in short, a copied database or master key file, not root on the machine.
/// </summary>
public static class MasterKeyStore
{
    public const string MasterKeyFileName = "master-key.sealed";
    public const string MachineSecretFileName = "machine-secret";

    /// <summary>
    /// Opens the master key in <see cref="MasterKeyStoreOptions.DataDirectory"/>, creating the directory (0700), the
    /// machine secret and a new master key on first use. Concurrent first starts agree on one key.
    /// </summary>
    public static MasterKey LoadOrCreate(MasterKeyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureDirectory(options.DataDirectory);
        var secretPath = options.ResolvedMachineSecretPath;
        if (Path.GetDirectoryName(Path.GetFullPath(secretPath)) is { } secretDirectory)
        {
            EnsureDirectory(secretDirectory);
        }

        var machineSecret = MachineSecret.LoadOrCreate(secretPath);
        try
        {
            if (!File.Exists(options.MasterKeyPath))
            {
                var created = MasterKey.Generate();
                var file = MasterKeyFile.Seal(created, machineSecret, options.Passphrase, options.Pbkdf2Iterations);
                if (SecureFile.WriteNew(options.MasterKeyPath, file))
                {
                    return created;
                }

                created.Dispose(); // another process won the race: use its key
            }

            return MasterKeyFile.Unseal(File.ReadAllBytes(options.MasterKeyPath), machineSecret, options.Passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(machineSecret);
        }
    }

    private static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
