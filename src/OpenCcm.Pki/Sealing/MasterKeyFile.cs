using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Pki.Sealing;

/// <summary>
/// The sealed master key file (89 bytes): magic "OCCM-MK" | version 1 | flags (bit 0: passphrase) |
/// PBKDF2 iterations (u32 BE, 0 without passphrase) | salt (16) | nonce (12) | encrypted key (32) | tag (16).
/// AES-256-GCM under the key-encryption key, with everything before the nonce as associated data.
/// KEK = HKDF-SHA256(ikm = machine secret ‖ PBKDF2-SHA256(passphrase, salt, iterations), salt, "OpenCCM master key KEK v1").
/// </summary>
internal static class MasterKeyFile
{
    private const byte Version = 1;
    private const byte PassphraseFlag = 1;
    private const int SaltLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 8 + 1 + 4 + SaltLength;
    private const int FileLength = HeaderLength + NonceLength + MasterKey.Length + TagLength;

    /// <summary>Bounds the work a corrupted or hostile file can demand before it fails.</summary>
    private const int MaxIterations = 10_000_000;

    private static ReadOnlySpan<byte> Magic => "OCCM-MK"u8;

    public static byte[] Seal(MasterKey masterKey, ReadOnlySpan<byte> machineSecret, string? passphrase, int iterations)
    {
        if (passphrase is not null && iterations is < 1 or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), $"PBKDF2 iterations must be 1 to {MaxIterations}.");
        }

        var file = new byte[FileLength];
        Magic.CopyTo(file);
        file[7] = Version;
        file[8] = passphrase is null ? (byte)0 : PassphraseFlag;
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(9), passphrase is null ? 0u : (uint)iterations);
        RandomNumberGenerator.Fill(file.AsSpan(13, SaltLength));
        RandomNumberGenerator.Fill(file.AsSpan(HeaderLength, NonceLength));

        var kek = DeriveKek(machineSecret, passphrase, file.AsSpan(13, SaltLength), passphrase is null ? 0 : iterations);
        try
        {
            using var aes = new AesGcm(kek, TagLength);
            aes.Encrypt(
                file.AsSpan(HeaderLength, NonceLength), masterKey.Key, file.AsSpan(HeaderLength + NonceLength, MasterKey.Length),
                file.AsSpan(FileLength - TagLength), file.AsSpan(0, HeaderLength));
            return file;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public static MasterKey Unseal(ReadOnlySpan<byte> file, ReadOnlySpan<byte> machineSecret, string? passphrase)
    {
        if (file.Length != FileLength || !file.StartsWith(Magic) || file[7] != Version)
        {
            throw new PkiException(PkiErrorCode.MasterKeyFileMalformed, $"The master key file is not a version {Version} OpenCCM master key file of {FileLength} bytes.");
        }

        var usesPassphrase = file[8] == PassphraseFlag;
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(file[9..]);
        if (file[8] > PassphraseFlag || (usesPassphrase ? iterations is < 1 or > MaxIterations : iterations != 0))
        {
            throw new PkiException(PkiErrorCode.MasterKeyFileMalformed, "The master key file's header is inconsistent.");
        }

        if (usesPassphrase != (passphrase is not null))
        {
            throw new PkiException(
                PkiErrorCode.MasterKeyPassphraseMismatch,
                usesPassphrase
                    ? $"The master key file was sealed with a passphrase; set {MasterKeyStoreOptions.PassphraseVariable}."
                    : $"The master key file was sealed without a passphrase, but one was given ({MasterKeyStoreOptions.PassphraseVariable}).");
        }

        var kek = DeriveKek(machineSecret, passphrase, file.Slice(13, SaltLength), (int)iterations);
        Span<byte> key = stackalloc byte[MasterKey.Length];
        try
        {
            using var aes = new AesGcm(kek, TagLength);
            aes.Decrypt(file.Slice(HeaderLength, NonceLength), file.Slice(HeaderLength + NonceLength, MasterKey.Length), file[^TagLength..], key, file[..HeaderLength]);
            return MasterKey.Import(key);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new PkiException(
                PkiErrorCode.MasterKeyUnsealFailed,
                "The master key file does not open: wrong passphrase, another machine's secret, or an altered file.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    private static byte[] DeriveKek(ReadOnlySpan<byte> machineSecret, string? passphrase, ReadOnlySpan<byte> salt, int iterations)
    {
        var ikm = GC.AllocateArray<byte>(machineSecret.Length + (passphrase is null ? 0 : 32), pinned: true);
        var kek = GC.AllocateArray<byte>(32, pinned: true);
        try
        {
            machineSecret.CopyTo(ikm);
            if (passphrase is not null)
            {
                Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, ikm.AsSpan(machineSecret.Length), iterations, HashAlgorithmName.SHA256);
            }

            HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, kek, salt, "OpenCCM master key KEK v1"u8);
            return kek;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }
}
