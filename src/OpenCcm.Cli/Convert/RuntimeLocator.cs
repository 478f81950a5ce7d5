namespace OpenCcm.Cli.ImageConversion;

/// <summary>
/// Where <c>ccm convert</c> finds ccm-runtime without <c>--runtime</c>: next to ccm (scripts/publish-runtime.sh puts it in
/// artifacts/ccm, where ./ccm runs from), else artifacts/runtime/ccm-runtime or artifacts/ccm/ccm-runtime of the
/// checkout ccm runs from.
/// </summary>
internal static class RuntimeLocator
{
    public const string FileName = "ccm-runtime";

    public static IReadOnlyList<string> Candidates()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, FileName) };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenCcm.sln")))
            {
                candidates.Add(Path.Combine(dir.FullName, "artifacts", "runtime", FileName));
                candidates.Add(Path.Combine(dir.FullName, "artifacts", "ccm", FileName));
                break;
            }
        }

        return candidates;
    }

    /// <summary>The runtime to use, or a usage error that says how to publish one.</summary>
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"The runtime '{given}' does not exist.");
        }

        var candidates = Candidates();
        return candidates.FirstOrDefault(File.Exists) ?? throw new UsageException(
            $"No {FileName} found ({string.Join(", ", candidates)}). Publish it with scripts/publish-runtime.sh (NativeAOT, into artifacts/ccm next to ccm) or pass --runtime PATH.");
    }
}
