using System.Text.Json;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>Serialization of OCI documents (source-generated, no reflection) and strict parsing of untrusted ones.</summary>
public static class OciJson
{
    public static byte[] Serialize(OciManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciManifest);

    public static byte[] Serialize(OciIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.OciIndex);

    /// <summary>Parses and checks an image manifest: schemaVersion 2, valid digests, non-negative sizes.</summary>
    public static OciManifest ParseManifest(ReadOnlySpan<byte> json)
    {
        var manifest = Deserialize(json, OciJsonContext.Default.OciManifest, "manifest");
        RequireSchemaVersion(manifest.SchemaVersion, "manifest");
        CheckDescriptor(manifest.Config, "config");
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            CheckDescriptor(manifest.Layers[i], $"layers[{i}]");
        }

        return manifest;
    }

    /// <summary>Parses and checks an image index or manifest list.</summary>
    public static OciIndex ParseIndex(ReadOnlySpan<byte> json)
    {
        var index = Deserialize(json, OciJsonContext.Default.OciIndex, "index");
        RequireSchemaVersion(index.SchemaVersion, "index");
        for (var i = 0; i < index.Manifests.Count; i++)
        {
            CheckDescriptor(index.Manifests[i], $"manifests[{i}]");
        }

        return index;
    }

    /// <summary>
    /// The media type of a manifest document: the announced one when it is a known type, else its mediaType field,
    /// else guessed from its shape (OCI allows manifests without mediaType).
    /// </summary>
    public static string DetectMediaType(ReadOnlySpan<byte> json, string? announced)
    {
        if (OciMediaTypes.IsManifest(announced) || OciMediaTypes.IsIndex(announced))
        {
            return announced!;
        }

        var probe = Deserialize(json, OciJsonContext.Default.ManifestProbe, "manifest");
        if (probe.MediaType is { } declared)
        {
            return OciMediaTypes.IsManifest(declared) || OciMediaTypes.IsIndex(declared)
                ? declared
                : throw new OciException(OciErrorCodes.MediaTypeUnsupported, $"Unsupported manifest media type '{declared}'.");
        }

        if (probe.SchemaVersion != 2)
        {
            throw new OciException(OciErrorCodes.MediaTypeUnsupported, $"Unsupported manifest schemaVersion {probe.SchemaVersion} (Docker schema 1 is not supported).");
        }

        return probe.Manifests is not null ? OciMediaTypes.ImageIndex
            : probe.Config is not null ? OciMediaTypes.ImageManifest
            : throw new OciException(OciErrorCodes.ManifestInvalid, "Document is neither a manifest (no config) nor an index (no manifests).");
    }

    internal static T Deserialize<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new OciException(OciErrorCodes.ManifestInvalid, $"The {what} is JSON null.");
        }
        catch (JsonException e)
        {
            throw new OciException(OciErrorCodes.ManifestInvalid, $"The {what} is not valid: {e.Message}", e);
        }
    }

    private static void RequireSchemaVersion(int version, string what)
    {
        if (version != 2)
        {
            throw new OciException(OciErrorCodes.MediaTypeUnsupported, $"Unsupported {what} schemaVersion {version}: expected 2.");
        }
    }

    private static void CheckDescriptor(OciDescriptor descriptor, string where)
    {
        if (!OciDigest.IsValid(descriptor.Digest))
        {
            throw new OciException(OciErrorCodes.DigestInvalid, $"Descriptor {where} has an invalid or unsupported digest '{descriptor.Digest}'.");
        }

        if (descriptor.Size < 0)
        {
            throw new OciException(OciErrorCodes.ManifestInvalid, $"Descriptor {where} has a negative size.");
        }
    }
}
