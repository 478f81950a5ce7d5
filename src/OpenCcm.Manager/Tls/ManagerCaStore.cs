using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Tls;

/// <summary>
/// Keeps the manager CA in the data directory: <c>manager-ca.sealed</c> (owner-only) holds the certificate and the
/// private key sealed under the master key (AES-GCM, purpose <see cref="SealingPurpose"/>) — never plaintext — and
/// <c>manager-ca.pem</c> is the public certificate for clients, rewritten from it at every start.
/// </summary>
internal static class ManagerCaStore
{
    public const string SealedFileName = "manager-ca.sealed";
    public const string CertificateFileName = "manager-ca.pem";
    public const string SealingPurpose = "manager-ca/key";
    private const int FormatVersion = 1;

    /// <summary>Opens the stored CA, or creates and stores one on first start; then (re)writes manager-ca.pem.</summary>
    /// <exception cref="InvalidDataException">The stored file is damaged or does not open with this master key.</exception>
    public static ManagerCertificateAuthority LoadOrCreate(string dataDirectory, SecretSealer sealer, TimeProvider time)
    {
        var sealedPath = Path.Combine(dataDirectory, SealedFileName);
        ManagerCertificateAuthority? authority = null;
        if (!File.Exists(sealedPath))
        {
            authority = ManagerCertificateAuthority.Create(time);
            if (!WriteNew(sealedPath, Serialize(authority, sealer), ownerOnly: true))
            {
                authority.Dispose(); // another process started first: use its CA
                authority = null;
            }
        }

        authority ??= Load(File.ReadAllBytes(sealedPath), sealer);
        WriteCertificate(Path.Combine(dataDirectory, CertificateFileName), authority.CertificatePem);
        return authority;
    }

    /// <summary>Opens the stored CA without writing anything (renewing the server certificate of a running manager).</summary>
    /// <exception cref="InvalidDataException">The stored file is damaged or does not open with this master key.</exception>
    public static ManagerCertificateAuthority Open(string dataDirectory, SecretSealer sealer) =>
        Load(File.ReadAllBytes(Path.Combine(dataDirectory, SealedFileName)), sealer);

    private static byte[] Serialize(ManagerCertificateAuthority authority, SecretSealer sealer)
    {
        var pkcs8 = authority.ExportPrivateKey();
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(new StoredCa(FormatVersion, authority.CertificatePem, sealer.Seal(pkcs8, SealingPurpose)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static ManagerCertificateAuthority Load(byte[] file, SecretSealer sealer)
    {
        StoredCa? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredCa>(file);
        }
        catch (JsonException e)
        {
            throw Damaged("it is not the expected JSON", e);
        }

        if (stored is not { Version: FormatVersion, CertificatePem: { } pem, SealedKey: { } sealedKey })
        {
            throw Damaged("unknown version or missing fields");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw Damaged("the certificate does not parse", e);
        }

        try
        {
            using var key = sealer.Unseal(sealedKey, SealingPurpose);
            return ManagerCertificateAuthority.Load(certificate, key.Span);
        }
        catch (Pki.PkiException e)
        {
            certificate.Dispose();
            throw Damaged("the sealed key does not open with this master key (" + e.Message + ")", e);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Public, so readable by all; replaced atomically so a client never reads half a file.</summary>
    private static void WriteCertificate(string path, string pem)
    {
        if (File.Exists(path) && File.ReadAllText(path) == pem)
        {
            return;
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, pem);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes a whole new file (0600 when <paramref name="ownerOnly"/>) by rename; false when it already exists.</summary>
    private static bool WriteNew(string path, byte[] contents, bool ownerOnly)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
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

    private static InvalidDataException Damaged(string reason, Exception? inner = null) =>
        new($"{SealedFileName} cannot be used: {reason}. Restore it from a backup, or delete it and {CertificateFileName} to create a new manager CA (clients must then trust the new one).", inner);

    private sealed record StoredCa(int Version, string? CertificatePem, byte[]? SealedKey);
}
