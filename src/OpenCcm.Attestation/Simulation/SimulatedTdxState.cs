using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The persistent secret a simulated TDX platform adds to the SGX platform it shares its PKI with: the TD Quoting
/// Enclave's attestation key (PKCS#8 PEM, 0600). Created like the SGX state: in a private temporary directory beside
/// the target, then renamed into place, so racing processes all end up with the first one to finish.
/// </summary>
internal sealed class SimulatedTdxState : IDisposable
{
    private const string FormatFile = "FORMAT";
    private const string AttestationKeyFile = "td-qe-attestation-key.pem";

    private SimulatedTdxState(ECDsa attestationKey)
    {
        AttestationKey = attestationKey;
    }

    public ECDsa AttestationKey { get; }

    public static SimulatedTdxState LoadOrCreate(string stateDirectory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(stateDirectory))!;
        SimulatedSgxState.CreatePrivateDirectory(parent);
        if (!Directory.Exists(stateDirectory))
        {
            var temporary = Path.Combine(parent, $".{Path.GetFileName(stateDirectory)}-{Guid.NewGuid():N}.tmp");
            SimulatedSgxState.CreatePrivateDirectory(temporary);
            try
            {
                using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    SimulatedSgxState.WritePrivateFile(Path.Combine(temporary, AttestationKeyFile), Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
                }

                File.WriteAllText(Path.Combine(temporary, FormatFile), SimulatedTdxParameters.StateFormat + "\n");
                try
                {
                    Directory.Move(temporary, stateDirectory);
                }
                catch (IOException) when (Directory.Exists(stateDirectory))
                {
                    // Another process created the TD QE first: use theirs.
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

    public void Dispose() => AttestationKey.Dispose();

    private static SimulatedTdxState Load(string directory)
    {
        try
        {
            var format = File.ReadAllText(Path.Combine(directory, FormatFile)).Trim();
            if (format != SimulatedTdxParameters.StateFormat)
            {
                throw new InvalidDataException(
                    $"Simulated TDX platform state in '{directory}' has format '{format}', this version reads '{SimulatedTdxParameters.StateFormat}'; delete it to create a new platform.");
            }

            return new SimulatedTdxState(CertifiedKey.LoadKey(Path.Combine(directory, AttestationKeyFile)));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FileNotFoundException)
        {
            throw new InvalidDataException($"Simulated TDX platform state in '{directory}' is incomplete or corrupt: {e.Message}", e);
        }
    }
}
