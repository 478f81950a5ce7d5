using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The persistent part of a simulated Nitro platform: root and intermediate certificates and keys, in one PEM file
/// (<c>nitro/platform.pem</c>, mode 0600, directory 0700) so that several processes sharing a directory see one
/// platform. The file is written under a temporary name and moved into place without overwriting, so concurrent
/// first-time creations agree on a single winner. The root certificate alone is also written to
/// <c>nitro/collateral/nitro-root.pem</c>, where <c>ccm evidence verify --allow-simulated</c> finds simulated roots.
/// </summary>
internal sealed class SimulatedNitroState : IDisposable
{
    public const string StateDirectoryName = "nitro";
    public const string StateFileName = "platform.pem";
    public const string CollateralDirectoryName = "collateral";
    public const string RootFileName = "nitro-root.pem";

    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private SimulatedNitroState(X509Certificate2 root, ECDsa rootKey, X509Certificate2 intermediate, ECDsa intermediateKey)
    {
        Root = root;
        RootKey = rootKey;
        Intermediate = intermediate;
        IntermediateKey = intermediateKey;
    }

    public X509Certificate2 Root { get; }

    public ECDsa RootKey { get; }

    public X509Certificate2 Intermediate { get; }

    public ECDsa IntermediateKey { get; }

    public static SimulatedNitroState OpenOrCreate(string platformsDirectory)
    {
        var directory = Path.Combine(Path.GetFullPath(platformsDirectory), StateDirectoryName);
        CreatePrivateDirectory(platformsDirectory);
        CreatePrivateDirectory(directory);
        var statePath = Path.Combine(directory, StateFileName);
        if (!File.Exists(statePath))
        {
            TryCreate(directory, statePath);
        }

        var state = Load(File.ReadAllText(statePath), statePath);
        var collateral = Path.Combine(directory, CollateralDirectoryName);
        CreatePrivateDirectory(collateral);
        var rootPath = Path.Combine(collateral, RootFileName);
        var rootPem = state.Root.ExportCertificatePem() + "\n";
        if (!File.Exists(rootPath) || File.ReadAllText(rootPath) != rootPem)
        {
            WriteThenMove(collateral, rootPath, rootPem, overwrite: true, PublicMode);
        }

        return state;
    }

    public void Dispose()
    {
        Root.Dispose();
        RootKey.Dispose();
        Intermediate.Dispose();
        IntermediateKey.Dispose();
    }

    private static void TryCreate(string directory, string statePath)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var root = SimulatedNitroPki.CreateRoot(rootKey, now);
        using var intermediate = SimulatedNitroPki.CreateIntermediate(root, rootKey, intermediateKey, now);
        var pem = new StringBuilder()
            .AppendLine(root.ExportCertificatePem())
            .AppendLine(rootKey.ExportPkcs8PrivateKeyPem())
            .AppendLine(intermediate.ExportCertificatePem())
            .AppendLine(intermediateKey.ExportPkcs8PrivateKeyPem())
            .ToString();
        WriteThenMove(directory, statePath, pem, overwrite: false, PrivateMode);
    }

    // Blocks in the order TryCreate writes them: root, root key, intermediate, intermediate key.
    private static SimulatedNitroState Load(string pem, string path)
    {
        var blocks = new List<(string Label, string Text)>();
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            blocks.Add((remaining[fields.Label].ToString(), remaining[fields.Location].ToString()));
            remaining = remaining[fields.Location.End..];
        }

        if (blocks.Count != 4 || blocks[0].Label != "CERTIFICATE" || blocks[1].Label != "PRIVATE KEY"
            || blocks[2].Label != "CERTIFICATE" || blocks[3].Label != "PRIVATE KEY")
        {
            throw new InvalidDataException($"'{path}' is not a simulated Nitro platform state (root, key, intermediate, key).");
        }

        var rootKey = ECDsa.Create();
        rootKey.ImportFromPem(blocks[1].Text);
        var intermediateKey = ECDsa.Create();
        intermediateKey.ImportFromPem(blocks[3].Text);
        return new SimulatedNitroState(
            X509Certificate2.CreateFromPem(blocks[0].Text), rootKey, X509Certificate2.CreateFromPem(blocks[2].Text), intermediateKey);
    }

    private static void WriteThenMove(string directory, string path, string text, bool overwrite, UnixFileMode mode)
    {
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            // Without overwrite, .NET links then unlinks on Unix: exactly one concurrent creator wins.
            File.Move(temporary, path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            // Another process created the state first; use theirs.
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
