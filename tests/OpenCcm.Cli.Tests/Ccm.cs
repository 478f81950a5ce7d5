using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>Runs the ccm command tree in-process with captured output.</summary>
internal static class Ccm
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CcmApp.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    public static (int ExitCode, JsonElement Json) RunJson(params string[] args)
    {
        var (code, output, error) = Run(args);
        try
        {
            using var document = JsonDocument.Parse(output);
            return (code, document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Not JSON (exit {code}): {output}\n{error}", e);
        }
    }
}
