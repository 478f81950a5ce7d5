using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The persistent secrets of a simulated SGX platform: the platform secret (the simulated CPU's fused key), the
/// simulated PKI and the attestation key. Stored as one directory of PEM files (keys 0600) so that several processes
/// (manager tests, agent, runtime) share one platform.
/// </summary>
internal sealed class SimulatedSgxState : IDisposable
{
    private const string FormatFile = "FORMAT";
    private const string SecretFile = "platform-secret.bin";
    private const string RootFile = "root-ca";
    private const string PckCaFile = "pck-ca";
    private const string PckFile = "pck";
    private const string TcbSigningFile = "tcb-signing";
    private const string AttestationKeyFile = "attestation-key.pem";
    private const int SecretSize = 32;

    public required byte[] PlatformSecret { get; init; }

    public required CertifiedKey Root { get; init; }

    public required CertifiedKey PckCa { get; init; }

    public required CertifiedKey Pck { get; init; }

    public required CertifiedKey TcbSigning { get; init; }

    public required ECDsa AttestationKey { get; init; }

    /// <summary>
    /// Loads the state kept in <paramref name="stateDirectory"/>, creating it first if it does not exist. Creation builds
    /// the state in a private temporary directory beside it and renames that into place, which is atomic: when several
    /// processes race, one rename wins and every process loads the winner's state.
    /// </summary>
    public static SimulatedSgxState LoadOrCreate(string stateDirectory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(stateDirectory))!;
        CreatePrivateDirectory(parent);
        if (!Directory.Exists(stateDirectory))
        {
            var temporary = Path.Combine(parent, $".{Path.GetFileName(stateDirectory)}-{Guid.NewGuid():N}.tmp");
            CreatePrivateDirectory(temporary);
            try
            {
                using (var fresh = SimulatedSgxPki.Generate(DateTimeOffset.UtcNow))
                {
                    fresh.Save(temporary);
                }

                try
                {
                    Directory.Move(temporary, stateDirectory);
                }
                catch (IOException) when (Directory.Exists(stateDirectory))
                {
                    // Another process created the platform first: use theirs.
                }
            }
            finally
            {
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        }

        return Load(stateDirectory);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(PlatformSecret);
        Root.Dispose();
        PckCa.Dispose();
        Pck.Dispose();
        TcbSigning.Dispose();
        AttestationKey.Dispose();
    }

    private static SimulatedSgxState Load(string directory)
    {
        try
        {
            var format = File.ReadAllText(Path.Combine(directory, FormatFile)).Trim();
            if (format != SimulatedSgxParameters.StateFormat)
            {
                throw new InvalidDataException(
                    $"Simulated SGX platform state in '{directory}' has format '{format}', this version reads '{SimulatedSgxParameters.StateFormat}'; delete it to create a new platform.");
            }

            var secret = File.ReadAllBytes(Path.Combine(directory, SecretFile));
            if (secret.Length != SecretSize)
            {
                throw new InvalidDataException($"The platform secret in '{directory}' must be {SecretSize} bytes.");
            }

            return new SimulatedSgxState
            {
                PlatformSecret = secret,
                Root = CertifiedKey.Load(directory, RootFile),
                PckCa = CertifiedKey.Load(directory, PckCaFile),
                Pck = CertifiedKey.Load(directory, PckFile),
                TcbSigning = CertifiedKey.Load(directory, TcbSigningFile),
                AttestationKey = CertifiedKey.LoadKey(Path.Combine(directory, AttestationKeyFile)),
            };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FileNotFoundException)
        {
            throw new InvalidDataException($"Simulated SGX platform state in '{directory}' is incomplete or corrupt: {e.Message}", e);
        }
    }

    private void Save(string directory)
    {
        WritePrivateFile(Path.Combine(directory, SecretFile), PlatformSecret);
        Root.Save(directory, RootFile);
        PckCa.Save(directory, PckCaFile);
        Pck.Save(directory, PckFile);
        TcbSigning.Save(directory, TcbSigningFile);
        WritePrivateFile(Path.Combine(directory, AttestationKeyFile), Encoding.ASCII.GetBytes(AttestationKey.ExportPkcs8PrivateKeyPem()));
        File.WriteAllText(Path.Combine(directory, FormatFile), SimulatedSgxParameters.StateFormat + "\n");
    }

    internal static void CreatePrivateDirectory(string path)
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

    /// <summary>Creates a new file readable and writable by its owner only (0600 on Unix).</summary>
    internal static void WritePrivateFile(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>A certificate of the simulated PKI with its private key.</summary>
internal sealed class CertifiedKey(X509Certificate2 certificate, ECDsa key) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public ECDsa Key { get; } = key;

    public static CertifiedKey Load(string directory, string name) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, name + ".pem"))), LoadKey(Path.Combine(directory, name + "-key.pem")));

    public static ECDsa LoadKey(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Save(string directory, string name)
    {
        File.WriteAllText(Path.Combine(directory, name + ".pem"), Certificate.ExportCertificatePem() + "\n");
        SimulatedSgxState.WritePrivateFile(Path.Combine(directory, name + "-key.pem"), Encoding.ASCII.GetBytes(Key.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
