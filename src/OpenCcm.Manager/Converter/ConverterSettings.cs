using OpenCcm.Converter;

namespace OpenCcm.Manager.Converter;

/// <summary>How the manager converts images (<c>/v1/tools/converter/convert-app</c>, <c>/v1/builds/convert-app</c>); docs/converter-interfaces.md.</summary>
public sealed class ConverterSettings
{
    public const string RuntimeFileName = "ccm-runtime";

    /// <summary>The ccm-runtime put in converted images; null: <c>ccm-runtime</c> next to the manager's assemblies (where scripts/publish-runtime.sh puts it).</summary>
    public string? RuntimePath { get; set; }

    /// <summary>C library files of the runtime (tests with a stand-in runtime); null: found with ldd.</summary>
    public IReadOnlyList<RuntimeLibrary>? RuntimeLibraries { get; set; }

    /// <summary>
    /// Registry hosts (<c>host[:port]</c>) the manager talks to over plain HTTP. The operator decides this, never an
    /// API caller: every other registry is HTTPS.
    /// </summary>
    public ISet<string> InsecureRegistries { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Conversions running at once (each streams whole images and spools layers to disk).</summary>
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>Requests that may wait for a free slot; beyond that the manager answers 429 ConverterBusy.</summary>
    public int MaxWaiting { get; set; } = 4;

    /// <summary>Where layers are spooled during a conversion; null: the system temp directory.</summary>
    public string? TemporaryDirectory { get; set; }

    public string ResolveRuntimePath() => RuntimePath ?? Path.Combine(AppContext.BaseDirectory, RuntimeFileName);
}
