using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Enclave.Measurement;

/// <summary>Loads, generates and saves the RSA-3072 e = 3 key that signs enclaves (PEM, PKCS#1 or PKCS#8).</summary>
public static class EnclaveSigningKeys
{
    /// <summary>Loads a key from a PEM file.</summary>
    /// <exception cref="ArgumentException">No unencrypted RSA-3072 e = 3 private key in the file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RSA Load(string path) => SigstructSigningKey.FromPem(File.ReadAllText(path));

    /// <summary>Generates a new key (OpenSSL 3's libcrypto, as <see cref="RsaExponent3KeyGenerator"/>).</summary>
    /// <exception cref="PlatformNotSupportedException">libcrypto.so.3 is not available.</exception>
    public static RSA Generate() => SigstructSigningKey.Generate();

    /// <summary>Writes the key as PKCS#1 PEM ("RSA PRIVATE KEY", as openssl genrsa -3 3072) to a new file created with mode 0600.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public static void Save(RSA key, string path)
    {
        ArgumentNullException.ThrowIfNull(key);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var pem = key.ExportRSAPrivateKeyPem();
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
        writer.Write(pem);
        writer.Write('\n');
    }
}
