using System.CommandLine;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// <c>ccm quickstart</c> (docs/quickstart.md): a manager, an administrator, an account and its zone, an enrolled node
/// agent, an approved demo app and build, and a demo HTTPS workload under the real <c>ccm-runtime</c> — then one verified
/// HTTPS request to it. Runs until SIGINT/SIGTERM, or exits once ready with <c>--exit-when-ready</c>.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Where everything it starts keeps its state; recreated on every run (default: ~/.local/share/openccm/quickstart).",
        };
        var exitWhenReady = new Option<bool>("--exit-when-ready")
        {
            Description = "Exit 0 once a verified HTTPS request to the demo workload succeeded (non-zero with the reason otherwise), stopping everything.",
        };
        var json = new Option<bool>("--json") { Description = "Print {managerUrl, zoneRootPem, workloadCertPem, workloadUrl} on stdout; progress goes to stderr." };
        var port = new Option<int>("--port") { Description = "The demo workload's HTTPS port on 127.0.0.1 (default: a free one)." };
        var command = new Command("quickstart", "Start a manager, a node agent and an attested demo HTTPS workload on this machine (simulated TEE).")
        {
            dataDirectory, exitWhenReady, json, port,
        };

        // Synchronous on purpose: an async action would get System.CommandLine's own SIGINT/SIGTERM handling, which ends the
        // process after a timeout; the quickstart handles those signals itself and stops what it started in order.
        command.SetAction(parse =>
        {
            if (OperatingSystem.IsWindows())
            {
                throw new UsageException("The quickstart runs ccm-runtime, which exists for Linux only.");
            }

            var workloadPort = parse.GetValue(port);
            if (workloadPort is < 0 or > 65535)
            {
                throw new UsageException($"--port {workloadPort} is not a TCP port.");
            }

            var settings = new QuickstartSettings(
                Path.GetFullPath(parse.GetValue(dataDirectory) ?? QuickstartDirectory.DefaultPath),
                parse.GetValue(exitWhenReady),
                parse.GetValue(json),
                workloadPort);
            return QuickstartRunner.RunAsync(settings, stdout, stderr).GetAwaiter().GetResult();
        });
        return command;
    }
}

/// <summary>The command line of one quickstart run; <paramref name="Port"/> 0 picks a free port.</summary>
internal sealed record QuickstartSettings(string DataDirectory, bool ExitWhenReady, bool Json, int Port);
