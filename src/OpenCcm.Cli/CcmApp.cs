using System.CommandLine;
using OpenCcm.Cli.Admin;
using OpenCcm.Cli.Bench;
using OpenCcm.Cli.Evidence;
using OpenCcm.Cli.Manager;

namespace OpenCcm.Cli;

/// <summary>Builds the ccm command tree; tests call <see cref="RunAsync"/> in-process with captured output.</summary>
public static class CcmApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("OpenCCM: open confidential computing manager.")
        {
            EvidenceCommands.Create(stdout),
            BenchCommands.Create(stdout),
            ManagerCommand.Create(stdout),
            LoginCommand.Create(stdout),
            AuditCommands.Create(stdout),
            AccountCommands.Create(stdout),
            ZoneCommands.Create(stdout),
            AppCommands.Create(stdout),
            BuildCommands.Create(stdout),
            TaskCommands.Create(stdout),
            NodeCommands.Create(stdout),
            CertCommands.Create(stdout),
            InstanceCommands.Create(stdout),
            Agent.AgentCommand.Create(stdout),
            OpenCcm.Cli.Enclave.EnclaveCommands.Create(stdout, stderr),
            Quickstart.QuickstartCommand.Create(stdout, stderr),
            OpenCcm.Cli.ImageConversion.ConvertCommand.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync("ccm: " + error.Message).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'ccm --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrIoError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("ccm: " + e.Message).ConfigureAwait(false);
            return ExitCodes.UsageOrIoError;
        }
    }
}
