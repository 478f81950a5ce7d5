using System.Diagnostics;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm manager</c> as a real child process (<c>dotnet ccm.dll manager ...</c>; ccm.dll is copied beside the test
/// assembly through the project reference), with the URL it reports once it listens.
/// </summary>
internal sealed class ManagerProcess : IDisposable
{
    private ManagerProcess(Process process, string url)
    {
        Process = process;
        Url = url;
    }

    public Process Process { get; }

    public string Url { get; }

    public static async Task<ManagerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccm.dll"));
        start.ArgumentList.Add("manager");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("ccm manager did not start.");
        process.ErrorDataReceived += (_, _) => { }; // drain the log
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                return new ManagerProcess(process, line["listening on ".Length..].Trim());
            }
        }

        throw new InvalidOperationException($"ccm manager exited ({(process.HasExited ? process.ExitCode : -1)}) before listening.");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public async Task KillHardAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
