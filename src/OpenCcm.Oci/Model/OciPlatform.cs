using System.Text.Json.Serialization;

namespace OpenCcm.Oci.Model;

/// <summary>The platform of an index entry (image-index.md "platform").</summary>
public sealed record OciPlatform
{
    public required string Architecture { get; init; }

    public required string Os { get; init; }

    public string? Variant { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    public static OciPlatform LinuxAmd64 { get; } = new() { Os = "linux", Architecture = "amd64" };

    public bool Matches(OciPlatform other) =>
        string.Equals(Os, other.Os, StringComparison.Ordinal) && string.Equals(Architecture, other.Architecture, StringComparison.Ordinal);
}
