namespace OpenCcm.Converter.Layers;

/// <summary>How a layer blob is compressed.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>Layer media types (OCI image-spec layer.md, Docker image manifest v2 schema 2) and their compression.</summary>
public static class LayerMediaTypes
{
    public const string OciTar = "application/vnd.oci.image.layer.v1.tar";
    public const string OciTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignTarGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string OciNonDistributableTar = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciNonDistributableTarGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciNonDistributableTarZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    /// <summary>The compression a layer media type names.</summary>
    /// <exception cref="ConversionException">UnsupportedMediaType for anything else.</exception>
    public static LayerCompression CompressionOf(string? mediaType) => mediaType switch
    {
        OciTar or OciNonDistributableTar => LayerCompression.None,
        OciTarGzip or DockerTarGzip or DockerForeignTarGzip or OciNonDistributableTarGzip => LayerCompression.Gzip,
        OciTarZstd or OciNonDistributableTarZstd => LayerCompression.Zstd,
        _ => throw new ConversionException(ConversionErrorCodes.UnsupportedMediaType, $"'{mediaType}' is not a layer media type the converter reads."),
    };
}
