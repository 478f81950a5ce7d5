namespace OpenCcm.Enclave.Manifest;

/// <summary>Stable codes of <see cref="EnclaveManifestException"/> (docs/enclave-manifest.md, "Error codes").</summary>
public static class EnclaveManifestErrorCodes
{
    /// <summary>Not UTF-8 JSON, not one object, comments, trailing commas or trailing content.</summary>
    public const string MalformedJson = "ManifestMalformedJson";

    /// <summary>Larger than <see cref="EnclaveManifestSerializer.MaxSize"/>.</summary>
    public const string TooLarge = "ManifestTooLarge";

    /// <summary>The same property twice in one object (e.g. a trusted file listed twice).</summary>
    public const string DuplicateField = "ManifestDuplicateField";

    /// <summary>A property the format does not define.</summary>
    public const string UnknownField = "ManifestUnknownField";

    /// <summary>A value of the wrong JSON type, null where not allowed, or a number out of range.</summary>
    public const string WrongType = "ManifestWrongType";

    /// <summary>version is missing or not 1.</summary>
    public const string UnsupportedVersion = "ManifestUnsupportedVersion";

    /// <summary>entrypoint is missing or empty.</summary>
    public const string MissingEntrypoint = "ManifestMissingEntrypoint";

    /// <summary>A path is empty, has "." or ".." or empty segments, a NUL, or is absolute/relative where it must not be.</summary>
    public const string InvalidPath = "ManifestInvalidPath";

    /// <summary>A trustedFiles value is not 64 lowercase hex digits.</summary>
    public const string InvalidHash = "ManifestInvalidHash";

    /// <summary>keyType is not "rsa" or "ec".</summary>
    public const string InvalidKeyType = "ManifestInvalidKeyType";

    /// <summary>keyParam does not fit keyType (rsa: size 2048|3072; ec: curve P-256|P-384).</summary>
    public const string InvalidKeyParam = "ManifestInvalidKeyParam";

    /// <summary>Any other value outside its domain (issuer, subject, altNames, user, memSize, threads, intervals, signals).</summary>
    public const string InvalidValue = "ManifestInvalidValue";
}
