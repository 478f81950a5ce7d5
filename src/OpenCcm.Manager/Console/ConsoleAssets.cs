using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace OpenCcm.Manager.WebConsole;

/// <summary>One file of the console: its bytes, content type and strong ETag.</summary>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The console's files, embedded in this assembly as <c>console/NAME</c> (OpenCcm.Manager.csproj). Only these names
/// are ever served, so a request path cannot reach anything else.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, ConsoleAsset> _files;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> files) => _files = files;

    public IEnumerable<string> Names => _files.Keys;

    public bool TryGet(string name, out ConsoleAsset asset) => _files.TryGetValue(name, out asset!);

    public static ConsoleAssets Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                var content = Read(assembly, resource);
                files[name] = new ConsoleAsset(content, contentType, $"\"{Convert.ToBase64String(SHA256.HashData(content)[..16])}\"");
            }
        }

        return new ConsoleAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
