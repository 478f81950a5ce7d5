using System.CommandLine;
using OpenCcm.Agent;

namespace OpenCcm.Cli.Agent;

/// <summary>
/// <c>ccm agent</c>: runs the node agent in the foreground (docs/node-agent.md) until SIGINT or SIGTERM: enrolls once
/// (the identity stays in --data-dir), serves the local API, reports status and relays heartbeats.
/// </summary>
internal static class AgentCommand
{
    public static Command Create(TextWriter stdout)
    {
        var manager = new Option<string>("--manager") { Description = "The manager's URL (https://host:port).", Required = true };
        var joinToken = new Option<string>("--join-token") { Description = "A zone join token (ccm zone token), used to enroll and re-enroll.", Required = true };
        var managerCa = new Option<string?>("--manager-ca") { Description = "PEM file of the CA the manager's TLS certificate chains to (its manager-ca.pem); default: system trust." };
        var platform = new Option<string>("--platform")
        {
            Description = "The TEE: simulated (simulated SGX; CCM_SIMULATED_DIR), sgx (Gramine DCAP), tdx, snp (configfs-tsm) or nitro (NSM).",
            DefaultValueFactory = _ => "simulated",
        };
        platform.AcceptOnlyFromAmong("simulated", "sgx", "tdx", "snp", "nitro");
        var dataDirectory = new Option<string?>("--data-dir") { Description = "Where the node key and certificates are kept (default: ~/.local/share/openccm/agent)." };
        var listen = new Option<string>("--listen") { Description = "Loopback host:port of the local API.", DefaultValueFactory = _ => AgentOptions.DefaultListen };
        var unixSocket = new Option<string?>("--unix-socket") { Description = "Also serve the local API on this Unix socket." };
        var labels = new Option<string?>("--labels") { Description = "Node labels k=v,k2=v2 (sent at enrollment)." };
        var name = new Option<string?>("--name") { Description = "The node's name (default: the host name)." };
        var statusInterval = new Option<int?>("--status-interval") { Description = "Seconds between status reports (default: the zone's node_refresh_interval)." };
        var command = new Command("agent", "Run the node agent: node enrollment, local attestation API, certificate forwarding, status and heartbeats.")
        {
            manager, joinToken, managerCa, platform, dataDirectory, listen, unixSocket, labels, name, statusInterval,
        };

        command.SetAction(parse =>
        {
            var options = new AgentOptions
            {
                ManagerUrl = Uri.TryCreate(parse.GetValue(manager), UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
                    ? url
                    : throw new UsageException($"--manager '{parse.GetValue(manager)}' is not an http(s) URL."),
                JoinToken = parse.GetValue(joinToken)!,
                ManagerCaFile = parse.GetValue(managerCa) is { } ca ? RequireFile(ca, "--manager-ca") : null,
                Platform = parse.GetValue(platform)!,
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDirectory)
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "openccm", "agent")),
                Listen = parse.GetValue(listen)!,
                UnixSocket = parse.GetValue(unixSocket),
                Labels = ParseLabels(parse.GetValue(labels)),
                NodeName = parse.GetValue(name) ?? Environment.MachineName,
                StatusIntervalSeconds = parse.GetValue(statusInterval) is { } seconds
                    ? seconds > 0 ? seconds : throw new UsageException("--status-interval must be positive.")
                    : null,
            };
            return RunAsync(options, stdout).GetAwaiter().GetResult();
        });
        return command;
    }

    internal static Dictionary<string, string> ParseLabels(string? value)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !labels.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                throw new UsageException($"--labels: '{pair}' is not a new k=v pair.");
            }
        }

        return labels;
    }

    private static string RequireFile(string path, string option) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"{option} '{path}' is not a file.");

    private static async Task<int> RunAsync(AgentOptions options, TextWriter stdout)
    {
        NodeAgent agent;
        try
        {
            agent = await NodeAgent.StartAsync(options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        await using (agent)
        {
            await stdout.WriteLineAsync($"OpenCCM node agent: node {agent.NodeId}; NODE_AGENT_BASE_URL={agent.BaseUrl}");
            await stdout.FlushAsync();
            await agent.WaitForShutdownAsync();
        }

        return 0;
    }
}
