using System.Diagnostics;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Enclave.Files;

/// <summary>
/// Computes a manifest's trustedFiles from a root directory: every regular file outside rwDirs and encryptedDirs, by
/// '/'-separated relative path, with its SHA-256 (streamed). Symbolic links are neither followed nor hashed (their
/// targets inside the root are hashed under their own paths); a link leading outside the root is refused.
/// </summary>
public static class TrustedFileHasher
{
    /// <summary>Hashes <paramref name="root"/> for <paramref name="manifest"/>'s rwDirs and encryptedDirs.</summary>
    /// <exception cref="TrustedFileException">The root is missing or unreadable, or a symbolic link escapes it.</exception>
    public static TrustedFileHashes Hash(string root, EnclaveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Hash(root, [.. manifest.RwDirs, .. manifest.EncryptedDirs]);
    }

    /// <summary>Hashes every regular file under <paramref name="root"/> except those under <paramref name="excludedDirectories"/>.</summary>
    /// <exception cref="TrustedFileException">The root is missing or unreadable, or a symbolic link escapes it.</exception>
    public static TrustedFileHashes Hash(string root, IReadOnlyCollection<string> excludedDirectories)
    {
        var stopwatch = Stopwatch.StartNew();
        var tree = TrustedFileTree.Scan(root, excludedDirectories);
        var files = tree.Files.Select(pair => (pair.Key, pair.Value)).ToList();
        var hashes = FileSha256.HashAll(files);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            result.Add(files[i].Key, hashes[i]);
        }

        return new TrustedFileHashes(result, [.. tree.Symlinks], files.Sum(f => f.Value.Length), stopwatch.Elapsed);
    }

    /// <summary>A copy of <paramref name="manifest"/> whose trustedFiles are what <paramref name="root"/> holds now.</summary>
    /// <exception cref="TrustedFileException">As <see cref="Hash(string, EnclaveManifest)"/>.</exception>
    public static EnclaveManifest Update(string root, EnclaveManifest manifest) =>
        manifest with { TrustedFiles = Hash(root, manifest).Files };
}

/// <summary>The trusted files of a root: relative path → lowercase hex SHA-256, in ordinal order.</summary>
/// <param name="Files">Relative path → hash, ordinal order.</param>
/// <param name="Symlinks">Symbolic links seen (not followed, not hashed), ordinal order.</param>
/// <param name="TotalBytes">Bytes hashed.</param>
/// <param name="Elapsed">Time spent listing and hashing.</param>
public sealed record TrustedFileHashes(IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> Symlinks, long TotalBytes, TimeSpan Elapsed);
