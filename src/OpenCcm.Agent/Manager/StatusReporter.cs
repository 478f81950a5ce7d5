using Microsoft.Extensions.Logging;
using OpenCcm.Contracts;

namespace OpenCcm.Agent.Manager;

/// <summary>
/// Reports the node's status (<c>POST /v1/node/status</c>, mTLS) every interval and renews the node certificate before it
/// expires. The manager has no renewal endpoint, so renewal is a re-enrollment with the join token (a new node id;
/// docs/node-agent.md): when less than the zone's <c>node_renewal_threshold</c> remains — capped at half the certificate's
/// lifetime so a threshold longer than the lifetime cannot make it re-enroll in a loop — or, before the manager has
/// answered, when less than 10% of the lifetime remains.
/// </summary>
internal sealed class StatusReporter(AgentOptions options, NodeSession session, string version, ILogger logger)
{
    private TimeSpan? _renewalThreshold;

    /// <summary>The interval the zone asked for, when known.</summary>
    public TimeSpan? ZoneRefreshInterval { get; private set; }

    public TimeSpan Interval => options.StatusIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ZoneRefreshInterval ?? TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReportOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One report and renewal check; never throws for the manager's or the network's failures.</summary>
    public async Task<ManagerAnswer?> ReportOnceAsync(CancellationToken cancellationToken)
    {
        if (session.Identity is not { } identity)
        {
            await TryEnrollAsync("no identity yet", null).ConfigureAwait(false);
            return null;
        }

        ManagerAnswer? answer = null;
        try
        {
            answer = await session.PostAsync("v1/node/status", new NodeStatusReport(options.NodeName, null, "RUNNING", version), null, cancellationToken)
                .ConfigureAwait(false);
            if (answer.Problem is null)
            {
                var reply = answer.Read<NodeStatusReply>();
                ZoneRefreshInterval = reply.NodeRefreshInterval > 0 ? TimeSpan.FromSeconds(reply.NodeRefreshInterval) : null;
                _renewalThreshold = reply.NodeRenewalThreshold > 0 ? TimeSpan.FromSeconds(reply.NodeRenewalThreshold) : null;
            }
            else if (!answer.Problem.IsRevoked)
            {
                logger.LogWarning("Status report refused: {Status} {Code}: {Detail}", answer.Status, answer.Problem.Code, answer.Problem.Detail);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Status report failed: {Message}", e.Message);
        }

        if (DueForRenewal(identity, options.Time.GetUtcNow()))
        {
            await TryEnrollAsync($"the node certificate expires at {identity.NotAfter:u}", identity).ConfigureAwait(false);
        }

        return answer;
    }

    /// <summary>Whether <paramref name="identity"/>'s certificate should be replaced now.</summary>
    public bool DueForRenewal(Enrollment.NodeIdentity identity, DateTimeOffset now)
    {
        var lifetime = identity.NotAfter - identity.NotBefore;
        var threshold = _renewalThreshold is { } zone ? TimeSpan.FromTicks(Math.Min(zone.Ticks, lifetime.Ticks / 2)) : lifetime / 10;
        return identity.NotAfter - now < threshold;
    }

    private Task TryEnrollAsync(string reason, Enrollment.NodeIdentity? replacing) =>
        replacing is null ? EnrollFirstAsync(reason) : session.ReenrollInBackgroundAsync(reason, replacing);

    private async Task EnrollFirstAsync(string reason)
    {
        try
        {
            await session.EnrollAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Enrollment.EnrollmentException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError("Enrollment failed: {Message}", e.Message);
        }
    }
}
