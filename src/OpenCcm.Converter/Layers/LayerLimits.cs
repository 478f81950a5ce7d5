namespace OpenCcm.Converter.Layers;

/// <summary>
/// Bounds on what a layer may hold, so a hostile image cannot exhaust disk, memory or time
/// (SizeLimitExceeded). The defaults are far above real images.
/// </summary>
public sealed record LayerLimits
{
    public static LayerLimits Default { get; } = new();

    /// <summary>Largest regular file (64 GiB).</summary>
    public long MaxEntrySize { get; init; } = 64L << 30;

    /// <summary>Largest uncompressed layer (256 GiB): stops decompression bombs.</summary>
    public long MaxLayerUncompressedBytes { get; init; } = 256L << 30;

    /// <summary>Most entries in one layer.</summary>
    public int MaxEntriesPerLayer { get; init; } = 1_000_000;

    /// <summary>Most nodes in the flattened tree (the in-memory index grows with it, about 200 bytes each).</summary>
    public int MaxTreeNodes { get; init; } = 2_000_000;

    /// <summary>Longest entry path or link target, in bytes of UTF-8 (Linux PATH_MAX).</summary>
    public int MaxPathLength { get; init; } = 4096;

    /// <summary>Most layers in an image.</summary>
    public int MaxLayers { get; init; } = 256;
}
