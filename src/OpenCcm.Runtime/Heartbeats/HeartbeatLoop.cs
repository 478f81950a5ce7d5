using OpenCcm.AgentProtocol;
using OpenCcm.Runtime.Certificates;

namespace OpenCcm.Runtime.Heartbeats;

/// <summary>
/// Sends a signed "running" heartbeat at start and then every interval, numbered 1, 2, 3... under one instance id
/// chosen at start; a final "stopped" one with the workload's exit code. Failures never reach the workload: a
/// heartbeat that could not be delivered is logged (once per outage) and the next tick sends the next one.
/// </summary>
public sealed class HeartbeatLoop
{
    private readonly IHeartbeatSender _sender;
    private readonly Func<WorkloadCredential> _credential;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private long _sequence;
    private bool _failing;

    public HeartbeatLoop(
        IHeartbeatSender sender, Func<WorkloadCredential> credential, int intervalSeconds, Guid instanceId, Action<string> log,
        TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSeconds, 1);
        _sender = sender;
        _credential = credential;
        _log = log;
        _time = time ?? TimeProvider.System;
        IntervalSeconds = intervalSeconds;
        InstanceId = instanceId;
    }

    public Guid InstanceId { get; }

    public int IntervalSeconds { get; }

    /// <summary>The sequence number of the last heartbeat built (sent or not).</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; never throws for delivery failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(IntervalSeconds), _time);
        try
        {
            do
            {
                await TrySendAsync(HeartbeatStatuses.Running, null, cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends the final "stopped" heartbeat, retrying briefly; true when the agent accepted it.</summary>
    public async Task<bool> SendStoppedAsync(int exitCode, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var heartbeat = Build(HeartbeatStatuses.Stopped, exitCode);
        string? lastError = null;
        for (var attempt = 1; attempt <= 3 && !timeout.IsCancellationRequested; attempt++)
        {
            try
            {
                await _sender.SendAsync(heartbeat, timeout.Token).ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // Reported, never thrown: the workload has exited and its code is what counts.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lastError = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), timeout.Token)
                .ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        _log($"stopped heartbeat not delivered: {lastError ?? "deadline passed"}");
        return false;
    }

    private async Task TrySendAsync(string status, int? exitCode, CancellationToken cancellationToken)
    {
        HeartbeatEnvelope heartbeat;
        try
        {
            heartbeat = Build(status, exitCode);
            await _sender.SendAsync(heartbeat, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A heartbeat failure of any kind must never stop the workload.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_failing)
            {
                _failing = true;
                _log($"heartbeat {LastSequence} not delivered (will keep trying every {IntervalSeconds} s): {e.Message}");
            }

            return;
        }

        if (_failing)
        {
            _failing = false;
            _log($"heartbeats delivered again from sequence {LastSequence}");
        }
    }

    /// <summary>The next heartbeat, signed with the current certificate key (renewal swaps it).</summary>
    private HeartbeatEnvelope Build(string status, int? exitCode)
    {
        var credential = _credential();
        var sequence = Interlocked.Increment(ref _sequence);
        var payload = new HeartbeatPayload(InstanceId, sequence, status, _time.GetUtcNow().ToUnixTimeSeconds(), IntervalSeconds, exitCode);
        return HeartbeatSigning.CreateEnvelope(payload, credential.PrivateKey, credential.CertificatePem);
    }
}
