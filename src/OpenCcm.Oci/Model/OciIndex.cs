namespace OpenCcm.Oci.Model;

/// <summary>An image index (image-index.md) or Docker manifest list; also the shape of a layout's index.json.</summary>
public sealed record OciIndex
{
    public int SchemaVersion { get; init; } = 2;

    public string? MediaType { get; init; }

    public required IReadOnlyList<OciDescriptor> Manifests { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
