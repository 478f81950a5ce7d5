using System.Diagnostics;
using OpenCcm.Cli.Enclave;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// Finds the NativeAOT <c>ccm-runtime</c>: <c>$CCM_RUNTIME</c>, else next to ccm (where scripts/publish-runtime.sh puts
/// it and <c>ccm enclave measure</c> looks), else publishes it with scripts/publish-runtime.sh from a source checkout.
/// </summary>
internal static class RuntimeLocator
{
    public static string Locate(Action<string> note)
    {
        if (Environment.GetEnvironmentVariable("CCM_RUNTIME") is { Length: > 0 } given)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"CCM_RUNTIME={given} does not exist.");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, MeasureCommand.RuntimeFileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        var script = FindPublishScript()
            ?? throw new UsageException($"No {MeasureCommand.RuntimeFileName} next to ccm ({beside}) and no source checkout to publish it from; set CCM_RUNTIME.");
        note("publishing ccm-runtime (NativeAOT; about a minute, once): " + script);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new UsageException("Cannot start bash to run " + script);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var published = output.Trim().Split('\n')[^1].Trim();
        if (process.ExitCode != 0 || !File.Exists(published))
        {
            throw new UsageException($"{script} failed ({process.ExitCode}):\n{errors.Result.Trim()}");
        }

        return published;
    }

    private static string? FindPublishScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "publish-runtime.sh");
            if (File.Exists(script) && File.Exists(Path.Combine(directory.FullName, "OpenCcm.sln")))
            {
                return script;
            }
        }

        return null;
    }
}
