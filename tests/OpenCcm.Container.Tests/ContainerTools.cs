using OpenCcm.Runtime.Tests;

namespace OpenCcm.Container.Tests;

/// <summary>
/// The real parts these tests run (installed by scripts/test-tools.sh): podman with runc (DESIGN.md §5), the registry,
/// umoci and skopeo of the converter tests, curl and openssl as TLS clients; and the published NativeAOT ccm-runtime.
/// </summary>
internal static class ContainerTools
{
    public const string Runc = "/usr/sbin/runc";

    private static readonly string[] Required = ["podman", "curl", "openssl", "ldd"];

    private static readonly Lazy<string> ContainersConf = new(WriteContainersConf, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why these tests cannot run here, or null.</summary>
    public static string? MissingReason { get; } = FindMissing();

    public static void SkipUnlessAvailable() => Skip.If(MissingReason is not null, MissingReason);

    /// <summary>
    /// The published runtime. A --no-aot build (a symbolic link to a framework-dependent apphost) cannot run in an
    /// image without .NET, so it is a reason to skip, not a failure.
    /// </summary>
    public static string RuntimePath()
    {
        var path = RuntimeBinary.Path;
        Skip.If(new FileInfo(path).LinkTarget is not null, $"{path} is the --no-aot development build; a converted image needs the NativeAOT one (scripts/publish-runtime.sh)");
        return path;
    }

    /// <summary>
    /// podman with runc and a containers.conf whose only setting is <c>default_ulimits = []</c>: rootful podman raises
    /// RLIMIT_NOFILE above this machine's hard limit and runc then refuses to start (DESIGN.md §5, docs/converter.md).
    /// </summary>
    public static Task<ProcessResult> PodmanAsync(params string[] arguments) =>
        ChildProcess.RunAsync("podman", arguments, PodmanEnvironment, TimeSpan.FromMinutes(3));

    public static ChildProcess StartPodman(params string[] arguments) => ChildProcess.Start("podman", arguments, PodmanEnvironment);

    /// <summary><c>podman run</c>'s leading options: runc, the host's network (the node agent listens on loopback), a plain-HTTP registry.</summary>
    public static string[] RunOptions => ["run", "--runtime", Runc, "--network=host", "--tls-verify=false"];

    private static Dictionary<string, string> PodmanEnvironment => new() { ["CONTAINERS_CONF"] = ContainersConf.Value };

    private static string WriteContainersConf()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ccm-containers-{Environment.ProcessId}.conf");
        File.WriteAllText(path, "[containers]\ndefault_ulimits = []\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    private static string? FindMissing()
    {
        if (ConverterTools.MissingReason is not null)
        {
            return ConverterTools.MissingReason;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var missing = Required.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (!File.Exists(Runc))
        {
            missing.Add("runc");
        }

        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}: run scripts/test-tools.sh to install them";
    }
}
