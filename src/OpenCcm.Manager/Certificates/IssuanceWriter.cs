using System.Threading.Channels;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;

namespace OpenCcm.Manager.Certificates;

/// <summary>
/// Group commit for issuances. Every issuance appends to the one audit chain, whose lock serialises writers; writing
/// each issuance in its own transaction would pay a durable commit and the lock per certificate. A single writer
/// instead takes every issuance queued while the previous commit ran and writes them — certificates, tasks and their
/// audit entries — in one transaction; each request is acknowledged only after that commit, so an acknowledged
/// certificate is as durable as before. If a batch fails, its issuances are retried one by one so one bad write
/// cannot fail the others.
/// </summary>
internal sealed class IssuanceWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<PendingIssuance> _queue = Channel.CreateUnbounded<PendingIssuance>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public IssuanceWriter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the issuance is committed; throws when it could not be.</summary>
    public Task WriteAsync(Certificate certificate, ApprovalTask task, AuditEntryDraft audit, CancellationToken cancellationToken)
    {
        var pending = new PendingIssuance(certificate, task, audit, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The manager is stopping.");
        }

        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingIssuance>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
                batch.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var pending in batch)
                {
                    await CommitAloneAsync(pending).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                batch[0].Committed.TrySetException(e);
            }
        }
    }

    private async Task CommitAloneAsync(PendingIssuance pending)
    {
        try
        {
            await CommitAsync([pending]).ConfigureAwait(false);
            pending.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Committed.TrySetException(e);
        }
    }

    private async Task CommitAsync(IReadOnlyList<PendingIssuance> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IIssuanceStore>()
            .AppendAsync([.. batch.Select(p => new IssuanceRecord(p.Certificate, p.Task, p.Audit))]).ConfigureAwait(false);
    }

    private sealed record PendingIssuance(Certificate Certificate, ApprovalTask Task, AuditEntryDraft Audit, TaskCompletionSource Committed);
}
