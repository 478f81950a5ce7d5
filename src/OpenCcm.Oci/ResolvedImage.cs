using OpenCcm.Oci.Model;

namespace OpenCcm.Oci;

/// <summary>An image manifest resolved from a reference, with its config; every byte here matched its digest.</summary>
public sealed class ResolvedImage
{
    public required ImageReference Reference { get; init; }

    /// <summary>Media type, digest and size of <see cref="ManifestBytes"/>.</summary>
    public required OciDescriptor ManifestDescriptor { get; init; }

    /// <summary>The manifest exactly as stored (its digest is the image's digest).</summary>
    public required ReadOnlyMemory<byte> ManifestBytes { get; init; }

    public required OciManifest Manifest { get; init; }

    /// <summary>The index the manifest was picked from (linux/amd64), when the reference named an index.</summary>
    public OciDescriptor? IndexDescriptor { get; init; }

    /// <summary>The image config exactly as stored (JSON, untrusted content: parse defensively).</summary>
    public required ReadOnlyMemory<byte> ConfigBytes { get; init; }

    public OciDescriptor Config => Manifest.Config;

    public IReadOnlyList<OciDescriptor> Layers => Manifest.Layers;
}
