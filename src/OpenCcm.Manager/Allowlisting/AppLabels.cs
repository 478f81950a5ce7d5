using System.Text.Json;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// App labels: a node must carry every label of an app for the app's workloads to get certificates there
/// (reference §2.3). Keys are 1..128 characters of letters, digits and <c>. _ - / :</c>; values at most 256
/// characters without control characters; at most 64 labels. PATCH takes Fortanix's JSON-Patch form (RFC 6902
/// add/replace/remove on <c>/key</c>) or an object replacing every label.
/// </summary>
internal static class AppLabels
{
    public const int MaxLabels = 64;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    public static void Validate(IReadOnlyDictionary<string, string> labels, RequestValidation validation)
    {
        validation.Require(labels.Count <= MaxLabels, $"labels may hold at most {MaxLabels} entries.");
        foreach (var (key, value) in labels.Take(MaxLabels + 1))
        {
            validation
                .Require(IsKey(key), $"label key '{InputEcho.Shorten(key)}' must have 1 to {MaxKeyLength} letters, digits or . _ - / :.")
                .Require(value is not null && value.Length <= MaxValueLength && !value.Any(char.IsControl),
                    $"label '{InputEcho.Shorten(key)}' needs a value of at most {MaxValueLength} characters without control characters.");
        }
    }

    /// <summary>The labels after a PATCH's <c>labels</c> member, or an error message.</summary>
    public static Dictionary<string, string>? Apply(IReadOnlyDictionary<string, string> current, JsonElement change, out string? error)
    {
        error = null;
        switch (change.ValueKind)
        {
            case JsonValueKind.Object:
                var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in change.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        error = $"label '{InputEcho.Shorten(property.Name)}' must have a string value.";
                        return null;
                    }

                    replaced[property.Name] = property.Value.GetString()!;
                }

                return replaced;
            case JsonValueKind.Array:
                var patched = new Dictionary<string, string>(current, StringComparer.Ordinal);
                foreach (var operation in change.EnumerateArray())
                {
                    if ((error = ApplyOperation(patched, operation)) is not null)
                    {
                        return null;
                    }
                }

                return patched;
            default:
                error = "labels must be an object or a JSON-Patch array.";
                return null;
        }
    }

    // RFC 6902 §4: add sets, replace and remove need the key to exist; paths are JSON pointers (RFC 6901 escapes).
    private static string? ApplyOperation(Dictionary<string, string> labels, JsonElement operation)
    {
        if (operation.ValueKind != JsonValueKind.Object
            || !operation.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String
            || !operation.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String)
        {
            return "each labels patch operation needs a string op and path.";
        }

        var pointer = path.GetString()!;
        if (pointer.Length < 2 || pointer[0] != '/' || pointer.IndexOf('/', 1) >= 0)
        {
            return $"labels patch path '{InputEcho.Shorten(pointer)}' must be /<key>.";
        }

        var key = pointer[1..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        var hasValue = operation.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;
        switch (op.GetString())
        {
            case "add" when hasValue:
                labels[key] = value.GetString()!;
                return null;
            case "replace" when hasValue && labels.ContainsKey(key):
                labels[key] = value.GetString()!;
                return null;
            case "remove" when labels.Remove(key):
                return null;
            case "add" or "replace" when !hasValue:
                return $"labels patch on '{InputEcho.Shorten(key)}' needs a string value.";
            case "replace" or "remove":
                return $"label '{InputEcho.Shorten(key)}' does not exist.";
            default:
                return $"labels patch op must be add, replace or remove, not '{InputEcho.Shorten(op.GetString())}'.";
        }
    }

    private static bool IsKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':');
}
