using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Heartbeats;

/// <summary>
/// Marks RUNNING app instances whose deadline passed (no heartbeat for 3 × their interval, at least
/// <see cref="ManagerOptions.InstanceUnresponsiveMinimum"/>) UNRESPONSIVE, audited <c>instance.unresponsive</c>; their next
/// heartbeat makes them RUNNING again. Runs every <see cref="ManagerOptions.InstanceSweepInterval"/>, as the node sweep does,
/// marking up to a page of instances per transaction.
/// </summary>
internal sealed partial class InstanceUnresponsiveness(
    IServiceProvider services, HeartbeatWriter writer, ManagerOptions options, TimeProvider time, ILogger<InstanceUnresponsiveness> log)
    : BackgroundService
{
    private const int Page = 1000;

    /// <summary>One sweep; returns how many instances were marked.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        while (true)
        {
            var (found, done) = await SweepPageAsync(cancellationToken);
            marked += done;
            if (found < Page || done == 0)
            {
                return marked;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.InstanceSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    // Reads and marks inside one transaction, so the heartbeat writer (same database lock on SQLite) cannot interleave;
    // on PostgreSQL a concurrent change fails the version check and the page is marked one by one, skipping the changed ones.
    private async Task<(int Found, int Marked)> SweepPageAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instances = scope.ServiceProvider.GetRequiredService<IInstanceStore>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditStore>();
        var transactions = scope.ServiceProvider.GetRequiredService<IStoreTransactions>();
        var now = time.GetUtcNow();
        IReadOnlyList<AppInstance> silent;
        await using (var transaction = await transactions.BeginAsync(cancellationToken))
        {
            silent = await instances.ListSilentAsync(now, Page, cancellationToken);
            if (silent.Count == 0)
            {
                return (0, 0);
            }

            try
            {
                await instances.WriteAsync([], [.. silent.Select(i => Unresponsive(i, now))], cancellationToken);
                await audit.AppendRangeAsync([.. silent.Select(i => Entry(i, now))], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                writer.Forget(silent.Select(i => i.Id));
                return (silent.Count, silent.Count);
            }
            catch (ConcurrencyException)
            {
                // fall through: one by one below
            }
        }

        var marked = 0;
        foreach (var instance in silent)
        {
            try
            {
                await using var transaction = await transactions.BeginAsync(cancellationToken);
                if (await instances.GetAsync(instance.Id, cancellationToken) is { Status: InstanceStatus.Running } fresh && fresh.UnresponsiveAt < now)
                {
                    await instances.UpdateAsync(Unresponsive(fresh, now), cancellationToken);
                    await audit.AppendAsync(Entry(fresh, now), cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    writer.Forget([fresh.Id]);
                    marked++;
                }
            }
            catch (ConcurrencyException)
            {
                // changed meanwhile (a heartbeat): the next sweep judges it again
            }
        }

        return (silent.Count, marked);
    }

    private static AppInstance Unresponsive(AppInstance instance, DateTimeOffset now) =>
        instance with { Status = InstanceStatus.Unresponsive, StatusUpdatedAt = now, UpdatedAt = now };

    private static AuditEntryDraft Entry(AppInstance instance, DateTimeOffset now) =>
        Audit.Entry(now, instance.AccountId, "system", "instance.unresponsive", "instance:" + instance.Id, AuditOutcome.Success,
            new { last_seen = instance.LastSeenAt, last_sequence = instance.LastSequence, node = instance.NodeId });

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unresponsive-instance sweep failed.")]
    private partial void LogSweepFailed(Exception exception);
}
