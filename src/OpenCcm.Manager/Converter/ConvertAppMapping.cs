using System.Text.Json;
using OpenCcm.Contracts;
using OpenCcm.Converter;
using OpenCcm.Manager.Http;
using OpenCcm.Oci;

namespace OpenCcm.Manager.Converter;

/// <summary>Turns a Fortanix ConversionRequest into a <see cref="ConversionRequest"/>, collecting every problem.</summary>
internal static class ConvertAppMapping
{
    private const int MaxListItems = 256;
    private const int MaxItemLength = 4096;

    public static ConversionRequest? Read(ConvertAppRequest request, RequestValidation validation)
    {
        var source = Image(request.InputImageName, "inputImageName", validation);
        var target = Image(request.OutputImageName, "outputImageName", validation);
        validation.Require(target?.Digest is null, "outputImageName must name a tag, not a digest.");
        foreach (var (name, given) in Unsupported(request))
        {
            validation.Require(!given, $"{name} is not supported by this converter.");
        }

        ReadSigningKey(request.SigningKey, validation);
        var certificates = Parse(request.Certificates, "certificates", ConversionOptions.ParseCertificates, validation) ?? [];
        var caCertificates = Parse(request.CaCertificates, "caCertificates", ConversionOptions.ParseCaCertificates, validation) ?? [];
        var options = new ConversionOptions
        {
            RuntimePath = "(set by the manager)",
            IsvProdId = UShort(request.Isvprodid, "isvprodid", validation),
            IsvSvn = UShort(request.Isvsvn, "isvsvn", validation),
            MemSize = request.MemSize,
            Threads = request.Threads,
            Debug = request.Debug ?? false,
            Entrypoint = List(request.Entrypoint, "entrypoint", validation),
            EntrypointArgs = List(request.EntrypointArgs, "entrypointArgs", validation),
            AllowCmdlineArgs = request.AllowCmdlineArgs ?? false,
            EncryptedDirs = List(request.EncryptedDirs, "encryptedDirs", validation) ?? [],
            RwDirs = List(request.RwDirs, "rwDirs", validation) ?? [],
            Env = Env(List(request.ManifestEnv, "manifestEnv", validation), validation),
            Certificates = certificates,
            CaCertificates = caCertificates,
            HeartbeatSeconds = Heartbeat(request.App, validation),
        };
        validation.Require(request.Threads is null or > 0, "threads must be positive.");
        return validation.IsValid && source is not null && target is not null
            ? new ConversionRequest(source, target, options, request.InputAuthConfig ?? request.AuthConfig, request.OutputAuthConfig ?? request.AuthConfig)
            : null;
    }

    /// <summary>A registry image reference; oci: layouts are refused (they would be the manager's own files).</summary>
    public static ImageReference? Image(string? text, string field, RequestValidation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Require(false, $"{field} is required.");
            return null;
        }

        if (!ImageReference.TryParse(text.Trim(), out var reference, out var error))
        {
            validation.Require(false, $"{field}: {error}");
            return null;
        }

        validation.Require(reference.Kind == ImageReferenceKind.Registry, $"{field} must name an image in a registry.");
        return reference.Kind == ImageReferenceKind.Registry ? reference : null;
    }

    public static ushort UShort(int? value, string field, RequestValidation validation)
    {
        validation.Require(value is null or >= 0 and <= ushort.MaxValue, $"{field} must be 0..65535.");
        return value is >= 0 and <= ushort.MaxValue ? (ushort)value.Value : (ushort)0;
    }

    public static IReadOnlyList<string>? List(IReadOnlyList<string>? items, string field, RequestValidation validation)
    {
        if (items is null)
        {
            return null;
        }

        validation.Require(items.Count <= MaxListItems && items.All(i => i is { Length: > 0 and <= MaxItemLength }),
            $"{field} must hold at most {MaxListItems} non-empty strings of at most {MaxItemLength} characters.");
        return items;
    }

    /// <summary>"KEY=value" entries (Fortanix manifestEnv); a later entry for a key replaces an earlier one.</summary>
    public static IReadOnlyDictionary<string, string>? Env(IReadOnlyList<string>? entries, RequestValidation validation)
    {
        if (entries is null)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            validation.Require(equals > 0, $"manifestEnv entry '{entry}' is not KEY=value.");
            if (equals > 0)
            {
                env[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        return env;
    }

    /// <summary>Fortanix's <c>app</c> JSON: <c>{"heartbeat": true|"true", "intervalSeconds"?: n, "name"?: ...}</c>; null: heartbeats off.</summary>
    public static int? Heartbeat(JsonElement? app, RequestValidation validation)
    {
        if (app is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            validation.Require(false, "app must be an object.");
            return null;
        }

        var enabled = value.TryGetProperty("heartbeat", out var heartbeat)
            && (heartbeat.ValueKind == JsonValueKind.True || (heartbeat.ValueKind == JsonValueKind.String && heartbeat.GetString() == "true"));
        var interval = 5;
        if (value.TryGetProperty("intervalSeconds", out var seconds))
        {
            var valid = seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out interval) && interval is >= 1 and <= 3600;
            validation.Require(valid, "app.intervalSeconds must be 1..3600.");
        }

        return enabled ? interval : null;
    }

    public static IReadOnlyList<T>? Parse<T>(JsonElement? json, string field, Func<string, IReadOnlyList<T>> parse, RequestValidation validation)
    {
        if (json is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            validation.Require(false, $"{field} must be an array.");
            return null;
        }

        try
        {
            return parse(value.GetRawText());
        }
        catch (ConversionException e)
        {
            validation.Require(false, e.Message);
            return null;
        }
    }

    private static void ReadSigningKey(JsonElement? signingKey, RequestValidation validation)
    {
        if (signingKey is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
        {
            return;
        }

        var onlyDefault = value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Name == "default" || p.Value.ValueKind == JsonValueKind.Null);
        validation.Require(onlyDefault, "signingKey must be {\"default\": {}}: conversions are signed with the account's key (sdkms is not supported).");
    }

    private static IEnumerable<(string Name, bool Given)> Unsupported(ConvertAppRequest request) =>
    [
        ("manifestOptions", request.ManifestOptions is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().Any() : request.ManifestOptions is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }),
        ("externalPackages", request.ExternalPackages is not null),
        ("coreDumpPattern", request.CoreDumpPattern is not null),
        ("logFilePath", request.LogFilePath is not null),
        ("javaMode", request.JavaMode is not null),
    ];
}
