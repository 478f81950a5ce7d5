namespace OpenCcm.Converter;

/// <summary>Stable codes of <see cref="ConversionException"/> (docs/converter.md lists them with their causes).</summary>
public static class ConversionErrorCodes
{
    // Blobs (the source is untrusted: every blob is checked against the digest that names it).
    /// <summary>A blob's bytes do not hash to the digest of its descriptor.</summary>
    public const string BlobDigestMismatch = "BlobDigestMismatch";
    /// <summary>A blob's length differs from the size of its descriptor.</summary>
    public const string BlobSizeMismatch = "BlobSizeMismatch";
    /// <summary>A digest is not "sha256:" followed by 64 lowercase hex digits.</summary>
    public const string DigestInvalid = "DigestInvalid";
    /// <summary>An uncompressed layer does not hash to its diff_id in the image config (rootfs.diff_ids).</summary>
    public const string LayerDiffIdMismatch = "LayerDiffIdMismatch";

    // Image structure.
    /// <summary>The manifest or config is not valid JSON of the expected shape.</summary>
    public const string InvalidImage = "InvalidImage";
    /// <summary>A media type (manifest, config or layer) the converter does not handle.</summary>
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    /// <summary>The image config is not for linux/amd64.</summary>
    public const string UnsupportedPlatform = "UnsupportedPlatform";

    // Layer archives.
    /// <summary>A layer is not a well-formed tar (or its compression is broken).</summary>
    public const string LayerMalformed = "LayerMalformed";
    /// <summary>An entry name is absolute.</summary>
    public const string EntryPathAbsolute = "EntryPathAbsolute";
    /// <summary>An entry name has a ".." component.</summary>
    public const string EntryPathTraversal = "EntryPathTraversal";
    /// <summary>An entry name is empty, too long, has a NUL or is otherwise unusable.</summary>
    public const string EntryPathInvalid = "EntryPathInvalid";
    /// <summary>An entry lies below a symbolic link of the tree (it would be written through the link).</summary>
    public const string EntryPathThroughSymlink = "EntryPathThroughSymlink";
    /// <summary>An entry's parent exists and is not a directory.</summary>
    public const string EntryParentNotDirectory = "EntryParentNotDirectory";
    /// <summary>A relative symbolic link whose target climbs above the root.</summary>
    public const string SymlinkEscapes = "SymlinkEscapes";
    /// <summary>A hard link whose target is absolute, has "..", or climbs above the root.</summary>
    public const string HardLinkEscapes = "HardLinkEscapes";
    /// <summary>A hard link whose target is not a regular file already in the tree.</summary>
    public const string HardLinkTargetMissing = "HardLinkTargetMissing";
    /// <summary>A character or block device node.</summary>
    public const string DeviceNode = "DeviceNode";
    /// <summary>A FIFO (named pipe).</summary>
    public const string FifoNode = "FifoNode";
    /// <summary>An entry type other than file, directory, symlink, hard link (sparse files, contiguous-file extensions...).</summary>
    public const string EntryTypeUnsupported = "EntryTypeUnsupported";
    /// <summary>A whiteout naming "", "." or ".." (it would delete the parent or escape the root).</summary>
    public const string WhiteoutEscapes = "WhiteoutEscapes";
    /// <summary>A ".wh..wh."-prefixed name other than the opaque marker (AUFS metadata).</summary>
    public const string WhiteoutInvalid = "WhiteoutInvalid";
    /// <summary>An entry, a layer or the tree exceeds a limit of <see cref="Layers.LayerLimits"/>.</summary>
    public const string SizeLimitExceeded = "SizeLimitExceeded";
    /// <summary>A zstd layer when zstd is disabled, or a compression the converter does not know.</summary>
    public const string CompressionUnsupported = "CompressionUnsupported";

    // Options and inputs of the caller.
    /// <summary>An option is out of range or malformed (isvprodid, memSize, a rwDir, certificates JSON...).</summary>
    public const string InvalidOptions = "InvalidOptions";
    /// <summary>The signing key cannot sign a SIGSTRUCT (RSA-3072, e = 3) or cannot be read.</summary>
    public const string SigningKeyInvalid = "SigningKeyInvalid";
    /// <summary>The runtime binary or a C library file it needs cannot be read.</summary>
    public const string RuntimeMissing = "RuntimeMissing";
    /// <summary>The user or group names of User are not in the image's /etc/passwd or /etc/group.</summary>
    public const string UserUnknown = "UserUnknown";
    /// <summary>The image has no entrypoint or cmd and none was given, or the program is not an executable file of the image.</summary>
    public const string EntrypointMissing = "EntrypointMissing";
    /// <summary>The caller's <see cref="ConversionOptions.BeforePublish"/> check refused the measured result; nothing was published.</summary>
    public const string PublishRefused = "PublishRefused";
}
