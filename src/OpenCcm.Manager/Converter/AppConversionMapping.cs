using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCcm.Contracts;
using OpenCcm.Converter;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Http;
using OpenCcm.Oci;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// The conversion of <c>POST /v1/builds/convert-app</c>: the app's <c>input_image_name</c> and <c>output_image_name</c>
/// tagged with the request's docker versions, its isvprodid/isvsvn/mem_size (MB)/threads and its advanced settings
/// (<c>entrypoint, encryptedDirs, rw_dirs, allowCmdlineArgs, manifestEnv, certificate, caCertificate</c>).
/// </summary>
internal static class AppConversionMapping
{
    public static ConversionRequest? Read(App app, ConvertAppBuildRequest request, RequestValidation validation)
    {
        validation.Require(!string.IsNullOrWhiteSpace(app.InputImageName) && !string.IsNullOrWhiteSpace(app.OutputImageName),
            "The app needs input_image_name and output_image_name to be converted.");
        var source = Tagged(ConvertAppMapping.Image(app.InputImageName, "the app's input_image_name", validation),
            request.InputDockerVersion ?? request.DockerVersion, "input_docker_version", validation);
        var target = Tagged(ConvertAppMapping.Image(app.OutputImageName, "the app's output_image_name", validation),
            request.OutputDockerVersion ?? request.DockerVersion, "output_docker_version", validation);
        validation.Require(target?.Digest is null, "The output image must be named by a tag, not a digest.");
        validation.Require(request.MemSize is null or > 0, "memSize must be positive.").Require(request.Threads is null or > 0, "threads must be positive.");

        var document = AppDocument.Read(app.AdvancedSettingsJson);
        var settings = document.AdvancedSettings is { ValueKind: JsonValueKind.Object } s ? s : default;
        var memSize = request.MemSize ?? (document.MemSize > 0 ? document.MemSize : (long?)null);
        var options = new ConversionOptions
        {
            RuntimePath = "(set by the manager)",
            IsvProdId = ConvertAppMapping.UShort(document.Isvprodid, "isvprodid", validation),
            IsvSvn = ConvertAppMapping.UShort(document.Isvsvn, "isvsvn", validation),
            MemSize = memSize is { } mb ? mb.ToString(CultureInfo.InvariantCulture) + "M" : null,
            Threads = request.Threads ?? (document.Threads > 0 ? document.Threads : null),
            Debug = request.Debug ?? false,
            Entrypoint = ConvertAppMapping.List(Strings(settings, "entrypoint"), "advanced_settings.entrypoint", validation),
            AllowCmdlineArgs = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("allowCmdlineArgs", out var allow) && allow.ValueKind == JsonValueKind.True,
            EncryptedDirs = ConvertAppMapping.List(Strings(settings, "encryptedDirs"), "advanced_settings.encryptedDirs", validation) ?? [],
            RwDirs = ConvertAppMapping.List(Strings(settings, "rw_dirs"), "advanced_settings.rw_dirs", validation) ?? [],
            Env = ConvertAppMapping.Env(Strings(settings, "manifestEnv"), validation),
            Certificates = ConvertAppMapping.Parse(Single(settings, "certificate", Certificate), "advanced_settings.certificate", ConversionOptions.ParseCertificates, validation) ?? [],
            CaCertificates = ConvertAppMapping.Parse(Single(settings, "caCertificate", CaCertificate), "advanced_settings.caCertificate", ConversionOptions.ParseCaCertificates, validation) ?? [],
        };
        return validation.IsValid && source is not null && target is not null
            ? new ConversionRequest(source, target, options, request.InputAuthConfig ?? request.AuthConfig, request.OutputAuthConfig ?? request.AuthConfig)
            : null;
    }

    private static ImageReference? Tagged(ImageReference? image, string? version, string field, RequestValidation validation)
    {
        if (image is null || version is null)
        {
            return image;
        }

        try
        {
            return image.WithTag(version);
        }
        catch (OciException e)
        {
            validation.Require(false, $"{field}: {e.Message}");
            return null;
        }
    }

    private static List<string>? Strings(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())]
            : null;

    // The app keeps one certificate and one CA (Fortanix AdvancedSettings); the converter takes lists in the manifest's format.
    private static JsonElement? Single(JsonElement settings, string name, Func<JsonObject, JsonObject> map) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            && JsonNode.Parse(value.GetRawText()) is JsonObject item
            ? JsonSerializer.SerializeToElement(new JsonArray(map(item)))
            : null;

    // Fortanix spells keyType "RSA" in its defaults; the manifest wants lowercase.
    private static JsonObject Certificate(JsonObject certificate)
    {
        if (certificate["keyType"] is JsonValue keyType && keyType.TryGetValue<string>(out var type))
        {
            certificate["keyType"] = type.ToLowerInvariant();
        }

        return certificate;
    }

    // Fortanix: {caPath, caCert (base64, not needed via the manager), system: "true"}; the manifest: {caPath, system: bool}.
    private static JsonObject CaCertificate(JsonObject ca)
    {
        ca.Remove("caCert");
        if (ca["system"] is JsonValue system && system.TryGetValue<string>(out var text))
        {
            ca["system"] = text == "true";
        }

        return ca;
    }
}
