namespace OpenCcm.Runtime.Workload;

/// <summary>
/// The workload's environment: a minimal base (PATH, HOME, LANG, TERM, the agent's URL...) with the manifest's
/// variables over it. The host's other variables are not passed: the manifest, which is measured, says what the
/// workload sees (as an enclave's loader does).
/// </summary>
public static class WorkloadEnvironment
{
    /// <summary>Variables taken from the runtime's own environment when set there.</summary>
    private static readonly string[] Inherited = ["TERM", "TZ", "LANG"];

    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string>? manifestEnvironment, string agentBaseUrl)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/root",
            ["NODE_AGENT_BASE_URL"] = agentBaseUrl,
        };
        foreach (var name in Inherited)
        {
            var value = System.Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value))
            {
                environment[name] = value;
            }
        }

        if (manifestEnvironment is not null)
        {
            foreach (var (name, value) in manifestEnvironment)
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
