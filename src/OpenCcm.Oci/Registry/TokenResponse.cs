using System.Text.Json.Serialization;

namespace OpenCcm.Oci.Registry;

/// <summary>The token endpoint's answer (distribution docs/spec/auth/token.md): token or access_token, expires_in seconds.</summary>
internal sealed record TokenResponse
{
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrors))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class RegistryJsonContext : JsonSerializerContext
{
}

/// <summary>The error body of a registry (distribution spec "Error Codes"): {"errors":[{"code","message"}]}.</summary>
internal sealed record RegistryErrors
{
    public IReadOnlyList<RegistryError>? Errors { get; init; }
}

internal sealed record RegistryError
{
    public string? Code { get; init; }

    public string? Message { get; init; }
}
