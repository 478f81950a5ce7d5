using System.Runtime.Versioning;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Pki.Tests.Sealing;

public sealed class MasterKeyStoreTests : IDisposable
{
    // Low PBKDF2 work keeps the passphrase tests fast; the count is stored in the file, so the code path is the same.
    private const int FastIterations = 1000;

    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("openccm-master-key-").FullName, "data");

    private MasterKeyStoreOptions Options(string? passphrase = null) =>
        new() { DataDirectory = _directory, Passphrase = passphrase, Pbkdf2Iterations = FastIterations };

    private string MasterKeyFile => Path.Combine(_directory, MasterKeyStore.MasterKeyFileName);

    private string MachineSecretFile => Path.Combine(_directory, MasterKeyStore.MachineSecretFileName);

    [Fact]
    public void A_restarted_store_opens_the_same_key_and_unseals_old_blobs()
    {
        byte[] blob;
        string keyId;
        using (var first = MasterKeyStore.LoadOrCreate(Options()))
        using (var sealer = new SecretSealer(first))
        {
            blob = sealer.Seal("ca key"u8, "purpose");
            keyId = first.KeyIdHex;
        }

        using var second = MasterKeyStore.LoadOrCreate(Options());
        using var reopened = new SecretSealer(second);
        Assert.Equal(keyId, second.KeyIdHex);
        using var unsealed = reopened.Unseal(blob, "purpose");
        Assert.Equal("ca key"u8.ToArray(), unsealed.Span.ToArray());
    }

    [Fact]
    public void The_master_key_file_does_not_contain_the_key()
    {
        using var masterKey = MasterKeyStore.LoadOrCreate(Options());
        var raw = new byte[MasterKey.Length];
        masterKey.Export(raw);
        var file = File.ReadAllBytes(MasterKeyFile);

        Assert.Equal(89, file.Length);
        Assert.Equal("OCCM-MK"u8.ToArray(), file[..7]);
        for (var i = 0; i + 4 <= raw.Length; i++)
        {
            Assert.True(file.AsSpan().IndexOf(raw.AsSpan(i, 4)) < 0, $"key bytes {i}..{i + 3} appear in the file");
        }
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void Files_are_private_to_their_owner()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX file modes");
        using var masterKey = MasterKeyStore.LoadOrCreate(Options());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MachineSecretFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void A_machine_secret_others_can_read_is_refused()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX file modes");
        using (MasterKeyStore.LoadOrCreate(Options()))
        {
        }

        File.SetUnixFileMode(MachineSecretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Equal(PkiErrorCode.MachineSecretInvalid, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options())).Code);
    }

    [Fact]
    public void Another_machines_secret_does_not_open_the_key()
    {
        using (MasterKeyStore.LoadOrCreate(Options()))
        {
        }

        File.Delete(MachineSecretFile);
        var error = Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options()));
        Assert.Equal(PkiErrorCode.MasterKeyUnsealFailed, error.Code);
    }

    [Fact]
    public void A_machine_secret_of_the_wrong_size_is_refused()
    {
        using (MasterKeyStore.LoadOrCreate(Options()))
        {
        }

        File.WriteAllBytes(MachineSecretFile, new byte[31]);
        Assert.Equal(PkiErrorCode.MachineSecretInvalid, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options())).Code);
    }

    [Fact]
    public void A_passphrase_is_needed_exactly_when_the_file_was_sealed_with_one()
    {
        string keyId;
        using (var created = MasterKeyStore.LoadOrCreate(Options("correct horse")))
        {
            keyId = created.KeyIdHex;
        }

        using (var reopened = MasterKeyStore.LoadOrCreate(Options("correct horse")))
        {
            Assert.Equal(keyId, reopened.KeyIdHex);
        }

        Assert.Equal(PkiErrorCode.MasterKeyUnsealFailed, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options("wrong horse"))).Code);
        Assert.Equal(PkiErrorCode.MasterKeyPassphraseMismatch, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options())).Code);
    }

    [Fact]
    public void A_passphrase_given_for_a_file_sealed_without_one_is_refused()
    {
        using (MasterKeyStore.LoadOrCreate(Options()))
        {
        }

        Assert.Equal(PkiErrorCode.MasterKeyPassphraseMismatch, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options("late"))).Code);
    }

    [Fact]
    public void Every_changed_byte_or_truncation_of_the_master_key_file_fails_closed()
    {
        using (MasterKeyStore.LoadOrCreate(Options("p")))
        {
        }

        var original = File.ReadAllBytes(MasterKeyFile);
        for (var i = 0; i < original.Length; i++)
        {
            var tampered = original.ToArray();
            tampered[i] ^= 0x01;
            File.WriteAllBytes(MasterKeyFile, tampered);
            var code = Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options("p"))).Code;
            Assert.True(
                code is PkiErrorCode.MasterKeyFileMalformed or PkiErrorCode.MasterKeyUnsealFailed or PkiErrorCode.MasterKeyPassphraseMismatch,
                $"offset {i}: {code}");
        }

        for (var length = 0; length < original.Length; length++)
        {
            File.WriteAllBytes(MasterKeyFile, original[..length]);
            Assert.Equal(PkiErrorCode.MasterKeyFileMalformed, Assert.Throws<PkiException>(() => MasterKeyStore.LoadOrCreate(Options("p"))).Code);
        }
    }

    [Fact]
    public void Concurrent_first_starts_agree_on_one_key()
    {
        var keyIds = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            using var key = MasterKeyStore.LoadOrCreate(Options());
            keyIds.Add(key.KeyIdHex);
        });
        Assert.Single(keyIds.Distinct());
    }

    [Fact]
    public void The_machine_secret_may_live_outside_the_data_directory()
    {
        var secretPath = Path.Combine(Path.GetDirectoryName(_directory)!, "elsewhere", "secret");
        using var key = MasterKeyStore.LoadOrCreate(Options() with { MachineSecretPath = secretPath });
        Assert.True(File.Exists(secretPath));
        Assert.False(File.Exists(MachineSecretFile));
    }

    [Fact]
    public void The_passphrase_comes_from_ccm_master_passphrase()
    {
        var before = Environment.GetEnvironmentVariable(MasterKeyStoreOptions.PassphraseVariable);
        try
        {
            Environment.SetEnvironmentVariable(MasterKeyStoreOptions.PassphraseVariable, "from-env");
            Assert.Equal("from-env", MasterKeyStoreOptions.FromEnvironment(_directory).Passphrase);
            Environment.SetEnvironmentVariable(MasterKeyStoreOptions.PassphraseVariable, "");
            Assert.Null(MasterKeyStoreOptions.FromEnvironment(_directory).Passphrase);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MasterKeyStoreOptions.PassphraseVariable, before);
        }
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);
}
