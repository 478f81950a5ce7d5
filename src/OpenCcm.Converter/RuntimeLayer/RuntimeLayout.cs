namespace OpenCcm.Converter.RuntimeLayer;

/// <summary>Where the runtime layer puts things (relative to the root), and the converted image's entrypoint.</summary>
public static class RuntimeLayout
{
    /// <summary>Reserved for the runtime: image files below it are replaced or ignored, never trusted.</summary>
    public const string Directory = "opt/openccm";
    public const string RuntimePath = "opt/openccm/bin/ccm-runtime";
    public const string ManifestPath = "opt/openccm/manifest.json";
    public const string SigstructPath = "opt/openccm/manifest.json.sigstruct";

    /// <summary>The converted image's Entrypoint (its Cmd is null).</summary>
    public static IReadOnlyList<string> Entrypoint { get; } = ["/" + RuntimePath, "--manifest", "/" + ManifestPath, "--root", "/"];
}
