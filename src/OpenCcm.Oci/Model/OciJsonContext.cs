using System.Text.Json.Serialization;

namespace OpenCcm.Oci.Model;

/// <summary>Source-generated JSON for the OCI documents (camelCase, nulls omitted, as the specs' examples).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciIndex))]
[JsonSerializable(typeof(OciDescriptor))]
[JsonSerializable(typeof(OciLayoutFile))]
[JsonSerializable(typeof(ManifestProbe))]
internal sealed partial class OciJsonContext : JsonSerializerContext
{
}

/// <summary>The oci-layout file of an image layout (image-layout.md).</summary>
public sealed record OciLayoutFile
{
    public required string ImageLayoutVersion { get; init; }
}

/// <summary>The fields that tell a manifest from an index when no media type came with it.</summary>
internal sealed record ManifestProbe
{
    public int SchemaVersion { get; init; }

    public string? MediaType { get; init; }

    public System.Text.Json.JsonElement? Manifests { get; init; }

    public System.Text.Json.JsonElement? Config { get; init; }
}
