using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Nodes;

/// <summary>
/// Marks RUNNING nodes that have not reported for three refresh intervals of their zone as unresponsive. Core's
/// <see cref="NodeStatus"/> has no UNRESPONSIVE value, so such a node is FAILED with the error report
/// <see cref="ErrorName"/> (Fortanix's <c>error_report.name</c>); its next status report makes it RUNNING again.
/// Runs every <see cref="ManagerOptions.NodeSweepInterval"/>.
/// </summary>
internal sealed partial class NodeUnresponsiveness(IServiceProvider services, ManagerOptions options, TimeProvider time, ILogger<NodeUnresponsiveness> log)
    : BackgroundService
{
    public const string ErrorName = "UNRESPONSIVE";
    public const int MissedReports = 3;

    public static bool IsUnresponsive(Node node) => node is { Status: NodeStatus.Failed, ErrorReport.Name: ErrorName };

    /// <summary>One sweep over every account's zones; returns how many nodes were marked.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
        var zones = scope.ServiceProvider.GetRequiredService<IZoneStore>();
        var nodes = scope.ServiceProvider.GetRequiredService<INodeStore>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditStore>();
        var transactions = scope.ServiceProvider.GetRequiredService<IStoreTransactions>();
        var now = time.GetUtcNow();
        var marked = 0;
        for (var offset = 0; ; offset += PageRequest.MaxLimit)
        {
            var page = await accounts.ListAsync(new PageRequest(offset, PageRequest.MaxLimit), cancellationToken);
            foreach (var account in page.Items)
            {
                foreach (var zone in await zones.ListAsync(account.Id, cancellationToken))
                {
                    var silentSince = now - (MissedReports * zone.Policy.NodeRefreshInterval);
                    var silent = await nodes.ListAsync(
                        new NodeQuery { AccountId = account.Id, ZoneId = zone.Id, Status = NodeStatus.Running, LastSeenBefore = silentSince },
                        new PageRequest(0, PageRequest.MaxLimit), cancellationToken);
                    foreach (var node in silent.Items)
                    {
                        marked += await MarkAsync(node, now, nodes, audit, transactions, cancellationToken) ? 1 : 0;
                    }
                }
            }

            if (page.Items.Count < PageRequest.MaxLimit)
            {
                return marked;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.NodeSweepInterval, time);
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

    private static async Task<bool> MarkAsync(
        Node node, DateTimeOffset now, INodeStore nodes, IAuditStore audit, IStoreTransactions transactions, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var report = new NodeErrorReport(ErrorName, $"No status report since {node.LastSeenAt:O}.");
            await nodes.UpdateAsync(node with { Status = NodeStatus.Failed, ErrorReport = report, StatusUpdatedAt = now, UpdatedAt = now }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, node.AccountId, "system", "node.unresponsive", "node:" + node.Id, AuditOutcome.Success,
                new { last_seen = node.LastSeenAt }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false; // changed meanwhile (a report, a deactivation): the next sweep judges it again
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unresponsive-node sweep failed.")]
    private partial void LogSweepFailed(Exception exception);
}
