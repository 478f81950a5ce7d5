using System.CommandLine;

namespace OpenCcm.Cli;

/// <summary>Builds the ccm command tree; tests call <see cref="RunAsync"/> in-process with captured output.</summary>
public static class CcmApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("OpenCCM: open confidential computing manager.");
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
    }
}
