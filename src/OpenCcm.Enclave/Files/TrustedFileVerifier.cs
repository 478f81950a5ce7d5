using System.Diagnostics;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Enclave.Files;

/// <summary>
/// Checks a root against a manifest, as the runtime does before it starts the workload: every listed file exists, is
/// a regular file and has its hash; no unlisted regular file sits outside rwDirs/encryptedDirs; the entrypoint
/// resolves (inside the root) to a listed file. Reports every mismatch, not only the first.
/// </summary>
public static class TrustedFileVerifier
{
    /// <exception cref="TrustedFileException">The root is missing or unreadable.</exception>
    public static TrustedFileVerification Verify(string root, EnclaveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var stopwatch = Stopwatch.StartNew();
        var mismatches = new List<TrustedFileMismatch>();
        TrustedFileTree tree;
        try
        {
            tree = TrustedFileTree.Scan(root, [.. manifest.RwDirs, .. manifest.EncryptedDirs]);
        }
        catch (TrustedFileException e) when (e.Code == TrustedFileCodes.SymlinkEscapesRoot)
        {
            return new TrustedFileVerification([new TrustedFileMismatch(e.Code, string.Empty, e.Message)], 0, 0, stopwatch.Elapsed);
        }

        var listed = new List<(string Relative, FileInfo File)>();
        foreach (var (path, _) in manifest.TrustedFiles.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (tree.Files.TryGetValue(path, out var file))
            {
                listed.Add((path, file));
            }
            else
            {
                mismatches.Add(Absent(tree.Root, path));
            }
        }

        foreach (var path in tree.Files.Keys.Where(path => !manifest.TrustedFiles.ContainsKey(path)))
        {
            mismatches.Add(new TrustedFileMismatch(TrustedFileCodes.UntrustedFilePresent, path, $"'{path}' is not in the manifest's trustedFiles."));
        }

        var hashes = FileSha256.HashAll(listed);
        for (var i = 0; i < listed.Count; i++)
        {
            var expected = manifest.TrustedFiles[listed[i].Relative];
            if (!string.Equals(hashes[i], expected, StringComparison.Ordinal))
            {
                mismatches.Add(new TrustedFileMismatch(TrustedFileCodes.Changed, listed[i].Relative, $"'{listed[i].Relative}' has SHA-256 {hashes[i]}; the manifest says {expected}."));
            }
        }

        CheckEntrypoint(tree.Root, manifest, mismatches);
        var ordered = mismatches.OrderBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Code, StringComparer.Ordinal).ToList();
        return new TrustedFileVerification(ordered, listed.Count, listed.Sum(f => f.File.Length), stopwatch.Elapsed);
    }

    private static TrustedFileMismatch Absent(string root, string path)
    {
        var fullPath = Path.Combine(root, path);
        var info = new FileInfo(fullPath);
        return info.LinkTarget is not null || Directory.Exists(fullPath) || info.Exists
            ? new TrustedFileMismatch(TrustedFileCodes.NotRegular, path, $"'{path}' is not a regular file (a directory, a symbolic link, or inside an excluded directory).")
            : new TrustedFileMismatch(TrustedFileCodes.Missing, path, $"'{path}' is listed in trustedFiles but does not exist.");
    }

    private static void CheckEntrypoint(string root, EnclaveManifest manifest, List<TrustedFileMismatch> mismatches)
    {
        var entrypoint = ManifestPaths.ToRelative(manifest.Entrypoint);
        var resolved = ConfinedPath.Resolve(root, entrypoint);
        if (resolved is null || !manifest.TrustedFiles.ContainsKey(resolved))
        {
            var shown = resolved is null ? "outside the root" : "'" + resolved + "'";
            mismatches.Add(new TrustedFileMismatch(TrustedFileCodes.EntrypointNotTrusted, entrypoint, $"The entrypoint '{manifest.Entrypoint}' resolves to {shown}, which is not a trusted file."));
        }
    }
}

/// <summary>One difference between a root and its manifest.</summary>
/// <param name="Code">A <see cref="TrustedFileCodes"/> value.</param>
/// <param name="Path">The relative path concerned ("" when none).</param>
/// <param name="Message">A sentence for people.</param>
public sealed record TrustedFileMismatch(string Code, string Path, string Message);

/// <summary>The result of <see cref="TrustedFileVerifier.Verify"/>.</summary>
/// <param name="Mismatches">Every difference found, by path then code; empty when the root matches.</param>
/// <param name="FilesHashed">Listed files hashed.</param>
/// <param name="BytesHashed">Their total size.</param>
/// <param name="Elapsed">Time spent listing and hashing (the runtime reports it apart).</param>
public sealed record TrustedFileVerification(IReadOnlyList<TrustedFileMismatch> Mismatches, int FilesHashed, long BytesHashed, TimeSpan Elapsed)
{
    public bool Matches => Mismatches.Count == 0;
}
