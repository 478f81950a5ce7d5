namespace OpenCcm.Runtime;

/// <summary>
/// <c>ccm-runtime --manifest FILE --root DIR [--sigstruct FILE] [--agent URL] [--timings-json FILE] [-- ARGS...]</c>.
/// Parsed by hand: the runtime is a NativeAOT entrypoint and stays small.
/// </summary>
public sealed record RuntimeArguments
{
    public const string DefaultAgentUrl = "http://127.0.0.1:9092/v1";

    public const string Usage =
        "usage: ccm-runtime --manifest FILE --root DIR [--sigstruct FILE] [--agent URL] [--timings-json FILE] [-- ARGS...]\n" +
        "  --manifest FILE      the enclave manifest (JSON)\n" +
        "  --root DIR           the workload's root directory (\"/\" inside a container)\n" +
        "  --sigstruct FILE     the SGX SIGSTRUCT (default: <manifest>.sigstruct)\n" +
        "  --agent URL          the node agent (default: $NODE_AGENT_BASE_URL, else " + DefaultAgentUrl + ")\n" +
        "  --timings-json FILE  write the start timings as JSON\n" +
        "  -- ARGS...           extra arguments for the workload (only when the manifest allows them)";

    public required string ManifestPath { get; init; }

    public required string Root { get; init; }

    public required string SigstructPath { get; init; }

    public required string AgentUrl { get; init; }

    public string? TimingsJsonPath { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <exception cref="RuntimeStartException">With <see cref="RuntimeExitCodes.Usage"/>.</exception>
    public static RuntimeArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? manifest = null, root = null, sigstruct = null, agent = null, timings = null;
        var extra = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                extra.AddRange(args.Skip(i + 1));
                break;
            }

            var (name, inlineValue) = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal)
                ? (arg[..arg.IndexOf('=', StringComparison.Ordinal)], arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..])
                : (arg, null);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw Fail($"{name} needs a value"));
            switch (name)
            {
                case "--manifest": manifest = Value(); break;
                case "--root": root = Value(); break;
                case "--sigstruct": sigstruct = Value(); break;
                case "--agent": agent = Value(); break;
                case "--timings-json": timings = Value(); break;
                default: throw Fail($"unknown argument '{arg}'");
            }
        }

        if (string.IsNullOrEmpty(manifest) || string.IsNullOrEmpty(root))
        {
            throw Fail("--manifest and --root are required");
        }

        var agentUrl = agent ?? environment("NODE_AGENT_BASE_URL");
        agentUrl = string.IsNullOrWhiteSpace(agentUrl) ? DefaultAgentUrl : agentUrl;
        if (!Uri.TryCreate(agentUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Fail($"the agent URL '{agentUrl}' is not an http(s) URL");
        }

        return new RuntimeArguments
        {
            ManifestPath = manifest,
            Root = root,
            SigstructPath = sigstruct ?? manifest + ".sigstruct",
            AgentUrl = agentUrl.TrimEnd('/'),
            TimingsJsonPath = timings,
            ExtraArguments = extra,
        };
    }

    private static RuntimeStartException Fail(string message) => new(RuntimeExitCodes.Usage, message + "\n" + Usage);
}
