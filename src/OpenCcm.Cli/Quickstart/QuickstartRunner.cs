using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Authentication;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// Runs a quickstart: SIGINT and SIGTERM are taken over for the whole run (they cancel the start or end the wait) so that
/// everything started is stopped in order before the process exits. Exit 0 ready (or stopped on request once ready),
/// 1 a step failed (reason printed), 2 usage (directory not the quickstart's, or in use; no runtime), 130 interrupted
/// before ready.
/// </summary>
[UnsupportedOSPlatform("windows")] // Unix file modes; the runtime it runs is Linux-only
internal static class QuickstartRunner
{
    public static async Task<int> RunAsync(QuickstartSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var output = new QuickstartOutput(stdout, stderr, settings.Json);
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var clock = Stopwatch.StartNew();
        using var directory = QuickstartDirectory.Prepare(settings.DataDirectory);
        var session = new QuickstartSession(directory, output);
        await using (session.ConfigureAwait(false))
        {
            try
            {
                var ready = await session.StartAsync(settings, stop.Token).ConfigureAwait(false);
                output.Ready(ready, clock.Elapsed, staysRunning: !settings.ExitWhenReady);
                if (settings.ExitWhenReady)
                {
                    return 0;
                }

                try
                {
                    await session.Workload!.WaitForExitAsync(stop.Token).ConfigureAwait(false);
                    output.Failed("demo workload", $"stopped by itself (ccm-runtime exit {session.Workload.ExitCode}); its log: {ready.LogPath}");
                    return 1;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    output.Note("stopping everything the quickstart started…");
                    return 0;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                output.Failed(session.CurrentStep, "interrupted; stopping what was started");
                return 130;
            }
            catch (Exception e) when (e is QuickstartException or HttpRequestException or IOException or UnauthorizedAccessException
                or AuthenticationException or InvalidOperationException or System.Text.Json.JsonException)
            {
                output.Failed(session.CurrentStep, e.Message);
                return 1;
            }
        }
    }
}
