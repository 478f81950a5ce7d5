using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// The demo workload under <c>ccm-runtime</c>, a child process whose output (the runtime's and the workload's) goes to a
/// log file. Stopping sends SIGTERM, which the runtime forwards to the workload before it reports a clean stop.
/// </summary>
[UnsupportedOSPlatform("windows")] // the runtime it runs is Linux-only
internal sealed partial class RuntimeProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly List<string> _tail = [];
    private int? _exitCode;

    private RuntimeProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close(); // the workload reads no input: EOF at once
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The runtime's exit code once it exited (kept after disposal).</summary>
    public int ExitCode => _exitCode ??= _process.ExitCode;

    /// <summary>The instance id the runtime's heartbeats carry (from its "as instance" line), once it said it.</summary>
    public string? InstanceId { get; private set; }

    public static RuntimeProcess Start(string runtime, DemoWorkload demo, Uri agent, string simulatedDirectory)
    {
        var start = new ProcessStartInfo(runtime)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--manifest", demo.ManifestPath, "--root", demo.Root, "--agent", agent.AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CCM_SIMULATED_DIR"] = simulatedDirectory;
        var log = new StreamWriter(demo.LogPath, append: true) { AutoFlush = true };
        try
        {
            return new RuntimeProcess(Process.Start(start) ?? throw new QuickstartException("Cannot start " + runtime), log);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The last lines the runtime and the workload wrote.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for the runtime to stop the workload and report; SIGKILL to both after that.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.WaitForExit(); // drain the redirected output
        _exitCode = _process.ExitCode;
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (InstanceId is null && InstanceLine().Match(line) is { Success: true } match)
            {
                InstanceId = match.Groups[1].Value;
            }

            _tail.Add(line);
            if (_tail.Count > 20)
            {
                _tail.RemoveAt(0);
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // a last line after the log was closed
            }
        }
    }

    [GeneratedRegex("as instance ([0-9a-f-]{36})")]
    private static partial Regex InstanceLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
