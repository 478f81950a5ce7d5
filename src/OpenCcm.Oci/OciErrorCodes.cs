namespace OpenCcm.Oci;

/// <summary>Stable codes carried by <see cref="OciException"/>; users and callers match on these, never on messages.</summary>
public static class OciErrorCodes
{
    /// <summary>An image reference that does not parse (grammar of distribution/reference).</summary>
    public const string ReferenceInvalid = "OciReferenceInvalid";

    /// <summary>A digest string that is malformed or uses an algorithm other than sha256.</summary>
    public const string DigestInvalid = "OciDigestInvalid";

    /// <summary>Blob content whose SHA-256 differs from the descriptor's digest: nothing derived from it may be used.</summary>
    public const string BlobDigestMismatch = "OciBlobDigestMismatch";

    /// <summary>Blob content longer or shorter than the descriptor's size.</summary>
    public const string BlobSizeMismatch = "OciBlobSizeMismatch";

    /// <summary>Manifest bytes whose digest differs from the one asked for or announced (Docker-Content-Digest).</summary>
    public const string ManifestDigestMismatch = "OciManifestDigestMismatch";

    /// <summary>A manifest, index or index.json that is not valid JSON of the expected shape.</summary>
    public const string ManifestInvalid = "OciManifestInvalid";

    /// <summary>A manifest or config larger than the limit (4 MiB manifests, 8 MiB configs).</summary>
    public const string ManifestTooLarge = "OciManifestTooLarge";

    /// <summary>A manifest media type we do not handle (e.g. Docker schema 1).</summary>
    public const string MediaTypeUnsupported = "OciMediaTypeUnsupported";

    /// <summary>A multi-platform index without a linux/amd64 manifest.</summary>
    public const string PlatformNotFound = "OciPlatformNotFound";

    /// <summary>Manifest, tag, repository or blob unknown to the registry or layout.</summary>
    public const string NotFound = "OciNotFound";

    /// <summary>The registry wants credentials we do not have, or refused the ones we sent (401).</summary>
    public const string Unauthorized = "OciUnauthorized";

    /// <summary>Authenticated but not allowed (403).</summary>
    public const string Denied = "OciDenied";

    /// <summary>A WWW-Authenticate challenge or token-endpoint answer we cannot use.</summary>
    public const string AuthChallengeInvalid = "OciAuthChallengeInvalid";

    /// <summary>Any other unexpected registry answer (status, missing Location, ...).</summary>
    public const string RegistryError = "OciRegistryError";

    /// <summary>The registry could not be reached (DNS, TCP, TLS).</summary>
    public const string ConnectionFailed = "OciConnectionFailed";

    /// <summary>An OCI layout directory without a valid oci-layout or index.json, or a missing blob file.</summary>
    public const string LayoutInvalid = "OciLayoutInvalid";

    /// <summary>A Docker config file (config.json) that does not parse.</summary>
    public const string CredentialsInvalid = "OciCredentialsInvalid";
}
