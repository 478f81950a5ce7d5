namespace OpenCcm.Oci.Model;

/// <summary>A content descriptor (descriptor.md): what a blob or manifest is, its SHA-256 digest and exact size.</summary>
public sealed record OciDescriptor
{
    public required string MediaType { get; init; }

    /// <summary>"sha256:" and 64 lowercase hex digits (checked by <see cref="OciDigest.Validate"/> wherever it is used).</summary>
    public required string Digest { get; init; }

    public required long Size { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public OciPlatform? Platform { get; init; }

    public IReadOnlyList<string>? Urls { get; init; }

    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}
