using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenCcm.Enclave.Manifest;

/// <summary>
/// Reads and writes enclave manifests. <see cref="Load"/> is strict and fails with a stable code;
/// <see cref="Serialize"/> is deterministic (field order as documented, trustedFiles and env sorted by ordinal key,
/// UTF-8, two-space indentation, "\n" line ends and a trailing newline), so equal manifests give equal bytes — and
/// the manifest's bytes are part of the measurement.
/// </summary>
public static class EnclaveManifestSerializer
{
    /// <summary>The largest manifest read (64 MiB: room for a few hundred thousand trusted files).</summary>
    public const int MaxSize = 64 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>Parses and validates a manifest file's bytes.</summary>
    /// <exception cref="EnclaveManifestException">The bytes are not a valid manifest.</exception>
    public static EnclaveManifest Load(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxSize)
        {
            throw new EnclaveManifestException(EnclaveManifestErrorCodes.TooLarge, $"The manifest is {utf8Json.Length} bytes; at most {MaxSize} are read.");
        }

        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            throw new EnclaveManifestException(EnclaveManifestErrorCodes.MalformedJson, "The manifest is not valid UTF-8.");
        }

        var options = EnclaveManifestJsonContext.Default.Options;
        try
        {
            using (var document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new EnclaveManifestException(EnclaveManifestErrorCodes.MalformedJson, "The manifest must be one JSON object.");
                }

                if (!document.RootElement.TryGetProperty("version", out _))
                {
                    throw new EnclaveManifestException(EnclaveManifestErrorCodes.UnsupportedVersion, $"version is missing; it is required and must be {EnclaveManifest.CurrentVersion}.");
                }

                CheckShape(document.RootElement, options.GetTypeInfo(typeof(EnclaveManifest)), "$");
            }
        }
        catch (JsonException e)
        {
            throw new EnclaveManifestException(EnclaveManifestErrorCodes.MalformedJson, "The manifest is not valid JSON: " + e.Message, e);
        }

        EnclaveManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(utf8Json, EnclaveManifestJsonContext.Default.EnclaveManifest);
        }
        catch (JsonException e)
        {
            throw new EnclaveManifestException(EnclaveManifestErrorCodes.WrongType, $"Wrong type or value at {e.Path ?? "$"}: {e.Message}", e);
        }

        EnclaveManifestValidator.Validate(manifest!);
        return manifest!;
    }

    /// <summary>Reads and loads a manifest file; I/O errors are thrown as they are.</summary>
    /// <exception cref="EnclaveManifestException">The file is not a valid manifest.</exception>
    public static EnclaveManifest LoadFile(string path) => Load(File.ReadAllBytes(path));

    /// <summary>Validates <paramref name="manifest"/> and writes its canonical bytes.</summary>
    /// <exception cref="EnclaveManifestException">The manifest is not valid; nothing invalid is ever written.</exception>
    public static byte[] Serialize(EnclaveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        EnclaveManifestValidator.Validate(manifest);
        var canonical = manifest with { TrustedFiles = Sorted(manifest.TrustedFiles), Env = Sorted(manifest.Env) };
        var json = JsonSerializer.SerializeToUtf8Bytes(canonical, EnclaveManifestJsonContext.Default.EnclaveManifest);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) =>
        new(map.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    // Walks the document against the source-generated metadata, so unknown and duplicate properties are reported by
    // name and path (the serializer's own messages for them are not stable).
    private static void CheckShape(JsonElement element, JsonTypeInfo info, string path)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var property in UniqueProperties(element, path))
                {
                    if (!properties.TryGetValue(property.Name, out var known))
                    {
                        throw new EnclaveManifestException(EnclaveManifestErrorCodes.UnknownField, $"Unknown field '{property.Name}' at {path}.");
                    }

                    CheckShape(property.Value, info.Options.GetTypeInfo(known.PropertyType), path + "." + property.Name);
                }

                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object:
                var values = info.Options.GetTypeInfo(info.ElementType!);
                foreach (var property in UniqueProperties(element, path))
                {
                    var at = $"{path}[\"{property.Name}\"]";
                    RequireNotNull(property.Value, at);
                    CheckShape(property.Value, values, at);
                }

                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array:
                var items = info.Options.GetTypeInfo(info.ElementType!);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var at = $"{path}[{index++}]";
                    RequireNotNull(item, at);
                    CheckShape(item, items, at);
                }

                break;
            default:
                // Scalars, and kinds that do not match the type, are left to the deserializer (WrongType).
                break;
        }
    }

    // Every collection of the model holds non-null items; the serializer does not check nullability of generic arguments.
    private static void RequireNotNull(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            throw new EnclaveManifestException(EnclaveManifestErrorCodes.WrongType, $"Wrong type or value at {path}: null is not allowed here.");
        }
    }

    private static IEnumerable<JsonProperty> UniqueProperties(JsonElement element, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new EnclaveManifestException(EnclaveManifestErrorCodes.DuplicateField, $"'{property.Name}' appears twice at {path}.");
            }

            yield return property;
        }
    }
}
