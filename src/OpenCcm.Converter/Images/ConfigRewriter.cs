using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCcm.Converter.RuntimeLayer;

namespace OpenCcm.Converter.Images;

/// <summary>
/// The converted image's config: the original with the runtime as Entrypoint (Cmd null), the measurement labels
/// added, the runtime layer's diff_id and a history entry appended. Everything else is kept as it was, in its order,
/// so equal input gives equal bytes.
/// </summary>
public static class ConfigRewriter
{
    public const string MrEnclaveLabel = "org.openccm.mrenclave";
    public const string MrSignerLabel = "org.openccm.mrsigner";
    public const string IsvProdIdLabel = "org.openccm.isvprodid";
    public const string IsvSvnLabel = "org.openccm.isvsvn";

    /// <exception cref="ConversionException">InvalidImage.</exception>
    public static byte[] Rewrite(ReadOnlySpan<byte> originalConfig, string runtimeLayerDiffId, IReadOnlyDictionary<string, string> labels, DateTimeOffset? created)
    {
        ArgumentNullException.ThrowIfNull(labels);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(originalConfig, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new ConversionException(ConversionErrorCodes.InvalidImage, "The image config is not a JSON object.");
            var config = Object(root, "config");
            config["Entrypoint"] = new JsonArray([.. RuntimeLayout.Entrypoint.Select(a => (JsonNode?)JsonValue.Create(a))]);
            config["Cmd"] = null;
            var existingLabels = Object(config, "Labels");
            foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                existingLabels[name] = value;
            }

            var rootfs = Object(root, "rootfs");
            rootfs["type"] ??= "layers";
            Array(rootfs, "diff_ids").Add(runtimeLayerDiffId);
            Array(root, "history").Add(new JsonObject
            {
                ["created"] = (created ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["created_by"] = "openccm convert: ccm-runtime and the enclave manifest",
                ["comment"] = "OpenCCM runtime layer",
            });
            return JsonSerializer.SerializeToUtf8Bytes(root, ConverterJsonContext.Default.JsonObject);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidImage, "The image config cannot be rewritten: " + e.Message, e);
        }
    }

    private static JsonObject Object(JsonObject parent, string name)
    {
        switch (parent[name])
        {
            case null:
                var created = new JsonObject();
                parent[name] = created;
                return created;
            case JsonObject existing:
                return existing;
            default:
                throw new ConversionException(ConversionErrorCodes.InvalidImage, $"'{name}' in the image config is not an object.");
        }
    }

    private static JsonArray Array(JsonObject parent, string name)
    {
        switch (parent[name])
        {
            case null:
                var created = new JsonArray();
                parent[name] = created;
                return created;
            case JsonArray existing:
                return existing;
            default:
                throw new ConversionException(ConversionErrorCodes.InvalidImage, $"'{name}' in the image config is not an array.");
        }
    }
}
