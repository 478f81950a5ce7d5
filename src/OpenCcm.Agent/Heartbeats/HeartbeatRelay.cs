using Microsoft.Extensions.Logging;
using OpenCcm.Agent.Manager;

namespace OpenCcm.Agent.Heartbeats;

/// <summary>
/// Relays buffered heartbeats to the manager (<c>POST /v1/heartbeats</c>, mTLS) in order, in batches. A batch leaves the
/// buffer only when the manager acknowledged it (2xx). No answer, 5xx, 401/403/404/429 and the like are retried with
/// exponential backoff (doubling from <see cref="AgentOptions.RelayInitialBackoff"/> up to
/// <see cref="AgentOptions.RelayMaxBackoff"/>); 413 halves the batch; only 400/422 — the manager judging the batch
/// itself unacceptable, which retrying cannot change — drop it, counted in <see cref="Dropped"/> and logged.
/// </summary>
internal sealed class HeartbeatRelay(
    AgentOptions options, HeartbeatBuffer buffer, Func<HeartbeatBatch, CancellationToken, Task<ManagerAnswer>> post, ILogger logger)
{
    private int _batchSize = Math.Max(1, options.HeartbeatBatchSize);

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    public int Failures { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.RelayInitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await buffer.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var batch = buffer.Peek(_batchSize);
            try
            {
                if (await SendAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    backoff = options.RelayInitialBackoff;
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping: the batch stays unacknowledged
            }

            Failures++;
            try
            {
                await Task.Delay(backoff, options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.RelayMaxBackoff.Ticks));
        }
    }

    // True when the batch left the buffer (delivered, or dropped as unacceptable).
    private async Task<bool> SendAsync(List<RelayedHeartbeat> batch, CancellationToken cancellationToken)
    {
        ManagerAnswer answer;
        try
        {
            answer = await post(new HeartbeatBatch(batch), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Heartbeat relay: the manager is unreachable ({Message}); {Count} buffered.", e.Message, buffer.Count);
            }

            return false;
        }

        switch (answer.Status)
        {
            case >= 200 and < 300:
                buffer.Remove(batch.Count);
                Delivered += batch.Count;
                return true;
            case 413:
                _batchSize = Math.Max(1, _batchSize / 2);
                return false;
            case 400 or 422:
                buffer.Remove(batch.Count);
                Dropped += batch.Count;
                logger.LogError("Heartbeat relay: the manager refused a batch of {Count} ({Code}: {Detail}); it is dropped.",
                    batch.Count, answer.Problem?.Code, answer.Problem?.Detail);
                return true;
            default:
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Heartbeat relay: the manager answered {Status} {Code}; retrying.", answer.Status, answer.Problem?.Code);
                }

                return false;
        }
    }
}
