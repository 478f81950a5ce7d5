using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Converter;

/// <summary>
/// What a conversion produced, with Fortanix's field names (reference/fortanix-ccm.md §3: newImage, imageSHA,
/// imageSize, isvprodid, isvsvn, mrenclave, mrsigner). Byte values are lowercase hex.
/// </summary>
public sealed record ConversionResult
{
    /// <summary>The target reference pushed (with its tag).</summary>
    [JsonPropertyName("newImage")]
    public required string NewImage { get; init; }

    /// <summary>Digest of the new image manifest ("sha256:...").</summary>
    [JsonPropertyName("imageSHA")]
    public required string ImageSha { get; init; }

    /// <summary>Bytes of the manifest, config and every layer blob (compressed), as registries count an image.</summary>
    [JsonPropertyName("imageSize")]
    public required long ImageSize { get; init; }

    [JsonPropertyName("isvprodid")]
    public required ushort IsvProdId { get; init; }

    [JsonPropertyName("isvsvn")]
    public required ushort IsvSvn { get; init; }

    [JsonPropertyName("mrenclave")]
    public required string MrEnclave { get; init; }

    [JsonPropertyName("mrsigner")]
    public required string MrSigner { get; init; }

    /// <summary>The signed SIGSTRUCT (1808 bytes), for registering the build.</summary>
    [JsonIgnore]
    public byte[] Sigstruct { get; init; } = [];

    /// <summary>The enclave manifest's exact bytes (the measured ones).</summary>
    [JsonIgnore]
    public byte[] EnclaveManifest { get; init; } = [];

    /// <summary>Digest of the runtime layer blob.</summary>
    [JsonIgnore]
    public string RuntimeLayerDigest { get; init; } = "";

    /// <summary>Blobs the target already had (not uploaded).</summary>
    [JsonIgnore]
    public int BlobsSkipped { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ConverterJsonContext.Default.ConversionResult);
}
