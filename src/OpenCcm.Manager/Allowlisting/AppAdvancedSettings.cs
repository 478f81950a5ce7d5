using System.Text.Json;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// Fortanix <c>advanced_settings</c> (reference §1, §4): kept verbatim, but its <c>certificate</c> decides how the
/// app's certificates are made, so it is checked: <c>issuer</c> MANAGER_CA (the zone CA; the only strategy
/// implemented), <c>keyType</c> rsa (2048/3072/4096) or ec (256/384) with <c>keyParam.size</c>, <c>subject</c> a
/// common name of at most 64 characters (RFC 5280 ub-common-name), <c>altNames</c> and the paths strings.
/// </summary>
internal static class AppAdvancedSettings
{
    public const int MaxJsonLength = 64 * 1024;
    private const int MaxCommonNameLength = 64;
    private static readonly int[] RsaSizes = [2048, 3072, 4096];
    private static readonly int[] EcSizes = [256, 384];

    /// <summary>The certificate settings <paramref name="settings"/> names (defaults when none); problems are reported.</summary>
    public static AppCertificateSettings Read(JsonElement? settings, RequestValidation validation)
    {
        var defaults = new AppCertificateSettings();
        if (settings is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } advanced)
        {
            return defaults;
        }

        if (advanced.ValueKind != JsonValueKind.Object || advanced.GetRawText().Length > MaxJsonLength)
        {
            validation.Require(false, $"advanced_settings must be an object of at most {MaxJsonLength} bytes.");
            return defaults;
        }

        if (!advanced.TryGetProperty("certificate", out var certificate) || certificate.ValueKind == JsonValueKind.Null)
        {
            return defaults;
        }

        if (certificate.ValueKind != JsonValueKind.Object)
        {
            validation.Require(false, "advanced_settings.certificate must be an object.");
            return defaults;
        }

        var issuer = String(certificate, "issuer", validation) ?? "MANAGER_CA";
        validation.Require(issuer is "MANAGER_CA" or "ManagerCa", "advanced_settings.certificate.issuer must be MANAGER_CA (the zone CA).");
        var keyType = (String(certificate, "keyType", validation) ?? "rsa").ToLowerInvariant();
        validation.Require(keyType is "rsa" or "ec", "advanced_settings.certificate.keyType must be rsa or ec.");
        var sizes = keyType == "ec" ? EcSizes : RsaSizes;
        var size = KeySize(certificate, validation) ?? sizes[0];
        validation.Require(sizes.Contains(size), $"advanced_settings.certificate.keyParam.size for {keyType} must be one of {string.Join(", ", sizes)}.");
        var subject = String(certificate, "subject", validation);
        validation.Require(subject is null || (subject.Length is > 0 and <= MaxCommonNameLength && !subject.Any(char.IsControl)),
            $"advanced_settings.certificate.subject must have 1 to {MaxCommonNameLength} characters.");
        foreach (var path in (string[])["keyPath", "certPath", "chainPath"])
        {
            String(certificate, path, validation);
        }

        validation.Require(
            !certificate.TryGetProperty("altNames", out var altNames)
            || altNames.ValueKind == JsonValueKind.Null
            || (altNames.ValueKind == JsonValueKind.Array && altNames.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String)),
            "advanced_settings.certificate.altNames must be an array of strings.");
        return defaults with { Issuer = "MANAGER_CA", KeyType = keyType, KeySize = size, Subject = subject };
    }

    private static string? String(JsonElement parent, string name, RequestValidation validation)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        validation.Require(value.ValueKind == JsonValueKind.String, $"advanced_settings.certificate.{name} must be a string.");
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static int? KeySize(JsonElement certificate, RequestValidation validation)
    {
        if (!certificate.TryGetProperty("keyParam", out var keyParam) || keyParam.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (keyParam.ValueKind == JsonValueKind.Object && keyParam.TryGetProperty("size", out var size)
            && size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out var bits))
        {
            return bits;
        }

        validation.Require(false, "advanced_settings.certificate.keyParam must be {\"size\": bits}.");
        return null;
    }
}
