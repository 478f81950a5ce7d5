using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Agent.Enrollment;

/// <summary>
/// The node identity on disk, in the data directory (mode 0700): <c>node-key.pem</c> (PKCS#8, 0600), <c>node-cert.pem</c>,
/// <c>zone-chain.pem</c> (intermediate(s) and root) and <c>node.json</c> {node_id, platform, enrolled_at}. Each file is
/// written to a temporary name and renamed, node.json last, so a crash mid-save leaves the previous identity or none.
/// </summary>
internal sealed class NodeIdentityStore(string directory)
{
    private const string KeyFile = "node-key.pem";
    private const string CertificateFile = "node-cert.pem";
    private const string ChainFile = "zone-chain.pem";
    private const string StateFile = "node.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The stored identity, or null when there is none (or it is incomplete or unreadable).</summary>
    public NodeIdentity? Load()
    {
        var state = Path.Combine(Directory, StateFile);
        if (!File.Exists(state))
        {
            return null;
        }

        try
        {
            var saved = JsonSerializer.Deserialize(File.ReadAllBytes(state), NodeStateJson.Default.SavedNodeState)
                ?? throw new InvalidDataException("node.json is null.");
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(Path.Combine(Directory, KeyFile)));
            var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(Directory, CertificateFile)));
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(Path.Combine(Directory, ChainFile));
            return new NodeIdentity(saved.NodeId, key, certificate, [.. chain]);
        }
        catch (Exception e) when (e is IOException or JsonException or CryptographicException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    public void Save(Guid nodeId, string platform, ECDsa key, string certificatePem, IEnumerable<X509Certificate2> chain, DateTimeOffset now)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        WriteAtomically(KeyFile, key.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteAtomically(CertificateFile, certificatePem, secret: false);
        WriteAtomically(ChainFile, string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")), secret: false);
        WriteAtomically(StateFile, JsonSerializer.Serialize(new SavedNodeState(nodeId, platform, now.ToUnixTimeSeconds()), NodeStateJson.Default.SavedNodeState), secret: false);
    }

    /// <summary>Forgets the identity (node.json first, so a half-deleted identity is never loaded).</summary>
    public void Delete()
    {
        foreach (var file in new[] { StateFile, CertificateFile, ChainFile, KeyFile })
        {
            File.Delete(Path.Combine(Directory, file));
        }
    }

    private void WriteAtomically(string name, string content, bool secret)
    {
        var target = Path.Combine(Directory, name);
        var temporary = target + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        File.Delete(temporary);
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.Move(temporary, target, overwrite: true);
    }
}

/// <summary>node.json.</summary>
internal sealed record SavedNodeState(
    [property: JsonPropertyName("node_id")] Guid NodeId,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("enrolled_at")] long EnrolledAt);

[JsonSerializable(typeof(SavedNodeState))]
internal sealed partial class NodeStateJson : JsonSerializerContext;
