using System.Security.Cryptography;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Cli.Enclave;

/// <summary>The enclave signing key of one <c>ccm enclave measure</c> run: given, found beside the SIGSTRUCT, or generated there.</summary>
internal sealed class SigningKey : IDisposable
{
    private SigningKey(RSA rsa, string path)
    {
        Rsa = rsa;
        Path = path;
    }

    public RSA Rsa { get; }

    public string Path { get; }

    public static SigningKey LoadOrCreate(string? givenPath, string defaultPath, MeasureOutput output)
    {
        if (givenPath is not null)
        {
            return new SigningKey(Load(givenPath), givenPath);
        }

        if (File.Exists(defaultPath))
        {
            output.Note($"signing with the existing key {defaultPath}");
            return new SigningKey(Load(defaultPath), defaultPath);
        }

        RSA rsa;
        try
        {
            rsa = EnclaveSigningKeys.Generate();
        }
        catch (PlatformNotSupportedException e)
        {
            throw new UsageException(e.Message + " Pass --signing-key.");
        }

        try
        {
            Io.Guard(() => EnclaveSigningKeys.Save(rsa, defaultPath), defaultPath);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }

        output.Note($"generated a new RSA-3072 e=3 signing key: {defaultPath} (mode 0600; keep it to keep the same mrsigner)");
        return new SigningKey(rsa, defaultPath);
    }

    public void Dispose() => Rsa.Dispose();

    private static RSA Load(string path)
    {
        try
        {
            return EnclaveSigningKeys.Load(path);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"'{path}' is not a usable enclave signing key: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read '{path}': {e.Message}");
        }
    }
}
