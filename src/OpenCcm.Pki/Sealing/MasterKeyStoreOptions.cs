namespace OpenCcm.Pki.Sealing;

/// <summary>Where and how a single manager keeps its master key sealed on disk.</summary>
public sealed record MasterKeyStoreOptions
{
    /// <summary>Environment variable with the optional passphrase mixed into the key-encryption key.</summary>
    public const string PassphraseVariable = "CCM_MASTER_PASSPHRASE";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.3 s once per start.</summary>
    public const int DefaultPbkdf2Iterations = 600_000;

    /// <summary>Holds the sealed master key file (and the machine secret unless <see cref="MachineSecretPath"/> says otherwise).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The machine-local secret file. Defaults to a file in <see cref="DataDirectory"/>; put it elsewhere (outside
    /// what backups copy) to keep a copied data directory from opening the master key.
    /// </summary>
    public string? MachineSecretPath { get; init; }

    /// <summary>Optional passphrase; with one, the machine secret alone no longer opens the master key.</summary>
    public string? Passphrase { get; init; }

    /// <summary>PBKDF2 work for new files (an existing file records its own count).</summary>
    public int Pbkdf2Iterations { get; init; } = DefaultPbkdf2Iterations;

    internal string ResolvedMachineSecretPath => MachineSecretPath ?? Path.Combine(DataDirectory, MasterKeyStore.MachineSecretFileName);

    internal string MasterKeyPath => Path.Combine(DataDirectory, MasterKeyStore.MasterKeyFileName);

    /// <summary>Options for <paramref name="dataDirectory"/> with the passphrase from <see cref="PassphraseVariable"/> (empty = none).</summary>
    public static MasterKeyStoreOptions FromEnvironment(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        Passphrase = Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } passphrase ? passphrase : null,
    };
}
