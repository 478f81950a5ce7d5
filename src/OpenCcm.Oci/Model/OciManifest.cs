namespace OpenCcm.Oci.Model;

/// <summary>An image manifest (manifest.md), OCI or Docker v2 schema 2 (same shape, different media types).</summary>
public sealed record OciManifest
{
    public int SchemaVersion { get; init; } = 2;

    public string? MediaType { get; init; }

    public string? ArtifactType { get; init; }

    public required OciDescriptor Config { get; init; }

    public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
