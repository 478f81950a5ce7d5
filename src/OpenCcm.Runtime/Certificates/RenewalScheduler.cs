using OpenCcm.Runtime.Files;

namespace OpenCcm.Runtime.Certificates;

/// <summary>
/// Renews each certificate when less than its renewal window remains (<see cref="RenewalPolicy"/>): a new key and
/// certificate by the same local attestation flow, files rewritten atomically, then the manifest's reloadSignal sent to
/// the workload. A failed renewal is retried (every tenth of the remaining time, between 1 s and 5 min); it never
/// stops the workload.
/// </summary>
public sealed class RenewalScheduler(
    Func<CertificateSpec, CancellationToken, Task<WorkloadCredential>> issue,
    RootedPaths paths,
    Action<int> signalWorkload,
    Action<string> log,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task RunAsync(IReadOnlyList<CredentialSlot> slots, CancellationToken cancellationToken) =>
        Task.WhenAll(slots.Select(slot => RenewLoopAsync(slot, cancellationToken)));

    /// <summary>Renews one certificate now: issue, write, swap, signal.</summary>
    public async Task RenewAsync(CredentialSlot slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var credential = await issue(slot.Spec, cancellationToken).ConfigureAwait(false);
        CertificateFiles.Write(paths, slot.Spec, credential);
        slot.Current = credential;
        log($"renewed the certificate for {slot.Spec.Subject}: serial {credential.Certificate.SerialNumber}, valid until {credential.NotAfter:u}");
        if (Workload.Signals.Parse(slot.Spec.ReloadSignal) is { } signal)
        {
            signalWorkload(signal);
        }
    }

    private async Task RenewLoopAsync(CredentialSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var current = slot.Current;
                await DelayUntilAsync(RenewalPolicy.RenewAt(current.NotBefore, current.NotAfter, slot.Spec.RenewBeforeSeconds), cancellationToken)
                    .ConfigureAwait(false);
                try
                {
                    await RenewAsync(slot, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var retry = RetryDelay(current.NotAfter - _time.GetUtcNow());
                    log($"renewing the certificate for {slot.Spec.Subject} failed (retry in {retry.TotalSeconds:0} s): {e.Message}");
                    await Task.Delay(retry, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    internal static TimeSpan RetryDelay(TimeSpan remaining)
    {
        var tenth = remaining / 10;
        return tenth < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : tenth > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : tenth;
    }

    /// <summary>Waits until <paramref name="when"/> in steps of at most a day (Task.Delay's range is about 49 days).</summary>
    private async Task DelayUntilAsync(DateTimeOffset when, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = when - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(remaining < TimeSpan.FromDays(1) ? remaining : TimeSpan.FromDays(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
