using System.Globalization;
using System.Text.Json;

namespace OpenCcm.Converter.Images;

/// <summary>
/// The fields of an image config (OCI image-spec config.md; Docker's is the same shape) the converter reads.
/// Parsed defensively: the config comes from the untrusted source (its digest was checked, not its content).
/// </summary>
public sealed record ImageConfig
{
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public DateTimeOffset? Created { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string> DiffIds { get; init; } = [];

    /// <exception cref="ConversionException">InvalidImage, DigestInvalid or UnsupportedPlatform.</exception>
    public static ImageConfig Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The image config is not a JSON object.");
            }

            var config = Object(root, "config");
            var rootfs = Object(root, "rootfs");
            var parsed = new ImageConfig
            {
                Architecture = String(root, "architecture"),
                Os = String(root, "os"),
                Created = String(root, "created") is { } created
                    && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null,
                Entrypoint = config is { } c1 ? Strings(c1, "Entrypoint") : null,
                Cmd = config is { } c2 ? Strings(c2, "Cmd") : null,
                Env = (config is { } c3 ? Strings(c3, "Env") : null) ?? [],
                WorkingDir = config is { } c4 ? String(c4, "WorkingDir") : null,
                User = config is { } c5 ? String(c5, "User") : null,
                DiffIds = (rootfs is { } r ? Strings(r, "diff_ids") : null) ?? [],
            };
            foreach (var diffId in parsed.DiffIds)
            {
                Sha256Digest.Parse(diffId);
            }

            if ((parsed.Os ?? "linux") != "linux" || (parsed.Architecture ?? "amd64") != "amd64")
            {
                throw new ConversionException(ConversionErrorCodes.UnsupportedPlatform, $"The image is for {parsed.Os}/{parsed.Architecture}; only linux/amd64 images are converted.");
            }

            return parsed;
        }
        catch (JsonException e)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidImage, "The image config is not valid JSON: " + e.Message, e);
        }
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.Object => value,
            _ => throw Invalid($"'{name}' in the image config is not an object."),
        };

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.String => value.GetString(),
            _ => throw Invalid($"'{name}' in the image config is not a string."),
        };

    private static List<string>? Strings(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"'{name}' in the image config is not an array of strings.");
        }

        return value.EnumerateArray().Select(item => item.GetString()!).ToList();
    }

    private static ConversionException Invalid(string message) => new(ConversionErrorCodes.InvalidImage, message);
}
