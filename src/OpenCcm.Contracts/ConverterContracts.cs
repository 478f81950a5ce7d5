using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/tools/converter/convert-app</c> body: Fortanix ConversionRequest, camelCase as the reference names it
/// (reference/fortanix-ccm.md §3). <c>certificates</c> and <c>caCertificates</c> use the enclave manifest's
/// objects (docs/enclave-manifest.md); <c>app</c> is <c>{"heartbeat": true|"true", "intervalSeconds"?: n}</c>.
/// Fields Fortanix has for EnclaveOS only (<c>manifestOptions, externalPackages, coreDumpPattern, logFilePath,
/// javaMode</c>) and <c>signingKey.sdkms</c> are refused when given.
/// </summary>
public sealed record ConvertAppRequest
{
    [JsonPropertyName("inputImageName")] public string? InputImageName { get; init; }
    [JsonPropertyName("outputImageName")] public string? OutputImageName { get; init; }
    [JsonPropertyName("inputAuthConfig")] public RegistryAuthConfig? InputAuthConfig { get; init; }
    [JsonPropertyName("outputAuthConfig")] public RegistryAuthConfig? OutputAuthConfig { get; init; }
    /// <summary>Used for both images when the specific one is absent.</summary>
    [JsonPropertyName("authConfig")] public RegistryAuthConfig? AuthConfig { get; init; }
    [JsonPropertyName("isvprodid")] public int? Isvprodid { get; init; }
    [JsonPropertyName("isvsvn")] public int? Isvsvn { get; init; }
    /// <summary>Enclave size, e.g. "2048M" (K, M, G suffixes).</summary>
    [JsonPropertyName("memSize")] public string? MemSize { get; init; }
    [JsonPropertyName("threads")] public int? Threads { get; init; }
    [JsonPropertyName("debug")] public bool? Debug { get; init; }
    [JsonPropertyName("entrypoint")] public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonPropertyName("entrypointArgs")] public IReadOnlyList<string>? EntrypointArgs { get; init; }
    [JsonPropertyName("allowCmdlineArgs")] public bool? AllowCmdlineArgs { get; init; }
    [JsonPropertyName("encryptedDirs")] public IReadOnlyList<string>? EncryptedDirs { get; init; }
    [JsonPropertyName("rwDirs")] public IReadOnlyList<string>? RwDirs { get; init; }
    /// <summary>"KEY=value" entries.</summary>
    [JsonPropertyName("manifestEnv")] public IReadOnlyList<string>? ManifestEnv { get; init; }
    [JsonPropertyName("certificates")] public JsonElement? Certificates { get; init; }
    [JsonPropertyName("caCertificates")] public JsonElement? CaCertificates { get; init; }
    [JsonPropertyName("app")] public JsonElement? App { get; init; }
    /// <summary><c>{"default": {}}</c> (the account's key, the only choice) or absent.</summary>
    [JsonPropertyName("signingKey")] public JsonElement? SigningKey { get; init; }
    [JsonPropertyName("manifestOptions")] public JsonElement? ManifestOptions { get; init; }
    [JsonPropertyName("externalPackages")] public string? ExternalPackages { get; init; }
    [JsonPropertyName("coreDumpPattern")] public string? CoreDumpPattern { get; init; }
    [JsonPropertyName("logFilePath")] public string? LogFilePath { get; init; }
    [JsonPropertyName("javaMode")] public string? JavaMode { get; init; }
}

/// <summary>Fortanix ConversionResponse: <c>{newImage, imageSHA, imageSize, isvprodid, isvsvn, mrenclave, mrsigner}</c> (hex lowercase).</summary>
public sealed record ConvertAppResponse(
    [property: JsonPropertyName("newImage")] string NewImage,
    [property: JsonPropertyName("imageSHA")] string ImageSha,
    [property: JsonPropertyName("imageSize")] long ImageSize,
    [property: JsonPropertyName("isvprodid")] int Isvprodid,
    [property: JsonPropertyName("isvsvn")] int Isvsvn,
    [property: JsonPropertyName("mrenclave")] string Mrenclave,
    [property: JsonPropertyName("mrsigner")] string Mrsigner);

/// <summary>
/// <c>POST /v1/builds/convert-app</c> body: Fortanix ConvertAppBuildRequest (its mixed spelling kept: <c>app_id</c>,
/// <c>docker_version</c>, <c>input_docker_version</c>, <c>output_docker_version</c>, <c>inputAuthConfig</c>,
/// <c>outputAuthConfig</c>, <c>authConfig</c>, <c>debug</c>, <c>memSize</c> (bytes), <c>threads</c>). The images are the
/// app's <c>input_image_name</c> and <c>output_image_name</c> tagged with the versions; isvprodid, isvsvn and the
/// advanced settings come from the app. <c>build_name</c> extends it.
/// </summary>
public sealed record ConvertAppBuildRequest
{
    [JsonPropertyName("app_id")] public Guid? AppId { get; init; }
    [JsonPropertyName("docker_version")] public string? DockerVersion { get; init; }
    [JsonPropertyName("input_docker_version")] public string? InputDockerVersion { get; init; }
    [JsonPropertyName("output_docker_version")] public string? OutputDockerVersion { get; init; }
    [JsonPropertyName("inputAuthConfig")] public RegistryAuthConfig? InputAuthConfig { get; init; }
    [JsonPropertyName("outputAuthConfig")] public RegistryAuthConfig? OutputAuthConfig { get; init; }
    [JsonPropertyName("authConfig")] public RegistryAuthConfig? AuthConfig { get; init; }
    [JsonPropertyName("debug")] public bool? Debug { get; init; }
    [JsonPropertyName("memSize")] public long? MemSize { get; init; }
    [JsonPropertyName("threads")] public int? Threads { get; init; }
    [JsonPropertyName("build_name")] public string? BuildName { get; init; }
}
