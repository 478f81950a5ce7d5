using System.Text;
using System.Text.Json;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// Registry credentials from a Docker config file (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>):
/// the <c>auths</c> map, each entry's base64 <c>auth</c> ("user:password") or <c>username</c>/<c>password</c>.
/// Credential helpers (credsStore, credHelpers) are not run.
/// </summary>
public sealed class DockerConfig
{
    private readonly Dictionary<string, RegistryCredentials> _byRegistry;

    private DockerConfig(Dictionary<string, RegistryCredentials> byRegistry) => _byRegistry = byRegistry;

    public static DockerConfig Empty { get; } = new([]);

    public IReadOnlyCollection<string> Registries => _byRegistry.Keys;

    /// <summary>$DOCKER_CONFIG/config.json when DOCKER_CONFIG is set, else ~/.docker/config.json.</summary>
    public static string DefaultPath
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
            if (string.IsNullOrEmpty(directory))
            {
                directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
            }

            return Path.Combine(directory, "config.json");
        }
    }

    /// <summary>Loads a config file; a missing file is an empty config, a malformed one <see cref="OciErrorCodes.CredentialsInvalid"/>.</summary>
    public static DockerConfig Load(string? path = null)
    {
        path ??= DefaultPath;
        return File.Exists(path) ? Parse(File.ReadAllBytes(path), path) : Empty;
    }

    public static DockerConfig Parse(ReadOnlySpan<byte> json, string source = "Docker config")
    {
        var byRegistry = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return new DockerConfig(byRegistry);
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object && ReadEntry(entry.Value, source, entry.Name) is { } credentials)
                {
                    byRegistry[NormalizeRegistry(entry.Name)] = credentials;
                }
            }
        }
        catch (JsonException e)
        {
            throw new OciException(OciErrorCodes.CredentialsInvalid, $"{source} is not valid JSON: {e.Message}", e);
        }

        return new DockerConfig(byRegistry);
    }

    /// <summary>Credentials for a registry host as <see cref="ImageReference.Registry"/> names it, or null.</summary>
    public RegistryCredentials? Find(string registry) =>
        _byRegistry.TryGetValue(NormalizeRegistry(registry), out var credentials) ? credentials : null;

    /// <summary>"https://index.docker.io/v1/" → "docker.io"; "https://host:5000/" → "host:5000".</summary>
    internal static string NormalizeRegistry(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return host.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? ImageReference.DockerHub : host.ToLowerInvariant();
    }

    private static RegistryCredentials? ReadEntry(JsonElement entry, string source, string name)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException e)
            {
                throw new OciException(OciErrorCodes.CredentialsInvalid, $"{source}: the auth of '{name}' is not base64.", e);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0
                ? new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..])
                : throw new OciException(OciErrorCodes.CredentialsInvalid, $"{source}: the auth of '{name}' is not 'user:password'.");
        }

        return entry.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String &&
               entry.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String
            ? new RegistryCredentials(user.GetString()!, password.GetString()!)
            : null;
    }
}
