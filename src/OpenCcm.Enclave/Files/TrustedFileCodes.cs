namespace OpenCcm.Enclave.Files;

/// <summary>Stable codes of trusted-file checks (docs/enclave-manifest.md, "Trusted files").</summary>
public static class TrustedFileCodes
{
    /// <summary>A listed file does not exist.</summary>
    public const string Missing = "TrustedFileMissing";

    /// <summary>A listed file's SHA-256 differs from the manifest's.</summary>
    public const string Changed = "TrustedFileChanged";

    /// <summary>A listed path is a directory, a symbolic link or another non-regular file.</summary>
    public const string NotRegular = "TrustedFileNotRegular";

    /// <summary>A regular file outside rwDirs/encryptedDirs that the manifest does not list (it could be loaded unchecked).</summary>
    public const string UntrustedFilePresent = "UntrustedFilePresent";

    /// <summary>The entrypoint (after following symbolic links inside the root) is not a listed trusted file.</summary>
    public const string EntrypointNotTrusted = "EntrypointNotTrusted";

    /// <summary>A symbolic link resolves outside the root ('..' above it), or links loop.</summary>
    public const string SymlinkEscapesRoot = "SymlinkEscapesRoot";

    /// <summary>A file or directory could not be read.</summary>
    public const string Unreadable = "TrustedFileUnreadable";

    /// <summary>The root directory does not exist.</summary>
    public const string RootNotFound = "RootNotFound";
}
