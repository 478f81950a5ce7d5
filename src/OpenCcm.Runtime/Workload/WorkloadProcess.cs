using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenCcm.Runtime.Workload;

/// <summary>
/// The workload as a child process: stdin/stdout/stderr inherited, the signals in <see cref="Signals.Forwarded"/>
/// passed on to it while it runs, and its exit code (128 + signal number when a signal ended it, as a shell reports).
/// </summary>
public sealed class WorkloadProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<PosixSignalRegistration> _registrations = [];

    private WorkloadProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="command"/> and begins forwarding signals to it.</summary>
    /// <exception cref="RuntimeStartException">The executable could not be started.</exception>
    public static WorkloadProcess Start(WorkloadCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startInfo = new ProcessStartInfo(command.Executable)
        {
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var workload = new WorkloadProcess(process);
        // Register before starting so a signal that arrives in between is not lost to the default action.
        workload.RegisterForwarding();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            workload.Dispose();
            throw new RuntimeStartException(
                RuntimeExitCodes.EntrypointFailed, $"cannot start the entrypoint {command.Executable}: {e.Message}", e);
        }

        return workload;
    }

    /// <summary>Sends <paramref name="signal"/> to the workload; false when it has already exited.</summary>
    public bool Signal(int signal)
    {
        try
        {
            if (_process.HasExited)
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false; // not started yet
        }

        return Libc.Kill(_process.Id, signal) == 0;
    }

    /// <summary>Waits for the workload to exit and returns its exit code (128 + signal when killed by a signal).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
        _process.Dispose();
    }

    private void RegisterForwarding()
    {
        foreach (var signal in Signals.Forwarded)
        {
            _registrations.Add(PosixSignalRegistration.Create(Signals.ToPosixSignal(signal), context =>
            {
                // The runtime itself stays up: it exits when the workload does, with its code.
                context.Cancel = true;
                Signal(signal);
            }));
        }
    }
}
