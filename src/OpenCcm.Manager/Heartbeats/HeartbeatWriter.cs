using System.Threading.Channels;
using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Heartbeats;

/// <summary>What became of a node's heartbeats: accepted, duplicates (ignored silently) and refused ones with their codes.</summary>
internal sealed record HeartbeatVerdicts(int Accepted, int Duplicates, IReadOnlyList<HeartbeatRejection> Rejected);

/// <summary>
/// Group commit for heartbeats (as <see cref="Certificates.IssuanceWriter"/> for issuances): one writer takes every
/// batch queued while the previous commit ran and, in ONE transaction, reads the certificates and instances they name
/// (one query each), applies the heartbeats in arrival order (<see cref="InstanceTransitions"/>), writes each touched
/// instance once and audits only state changes. Each request is answered after that commit, so an acknowledged
/// heartbeat survives a restart. Instances this writer committed are remembered (up to <see cref="MaxRemembered"/>), so
/// steady heartbeats need no read: every update is still checked against the stored version, and a change made
/// elsewhere (the sweep, another manager) fails the group, which is retried once with everything read afresh, then
/// request by request.
/// </summary>
internal sealed class HeartbeatWriter : IAsyncDisposable
{
    private const int MaxGroupHeartbeats = 10_000;
    private const int MaxRemembered = 250_000;
    private readonly Dictionary<Guid, AppInstance> _remembered = []; // only the writer loop touches it
    private readonly System.Collections.Concurrent.ConcurrentQueue<Guid> _forget = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minimumSilence;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public HeartbeatWriter(IServiceScopeFactory scopes, TimeProvider time, ManagerOptions options)
    {
        _scopes = scopes;
        _time = time;
        _minimumSilence = options.InstanceUnresponsiveMinimum;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the node's heartbeats are committed; throws when they could not be.</summary>
    public Task<HeartbeatVerdicts> WriteAsync(Node node, IReadOnlyList<ParsedHeartbeat> heartbeats, CancellationToken cancellationToken)
    {
        if (heartbeats.Count == 0)
        {
            return Task.FromResult(new HeartbeatVerdicts(0, 0, []));
        }

        var pending = new Pending(node, heartbeats, new TaskCompletionSource<HeartbeatVerdicts>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The manager is stopping.");
        }

        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Makes the writer read these instances afresh (the sweep changed them).</summary>
    public void Forget(IEnumerable<Guid> instances)
    {
        foreach (var id in instances)
        {
            _forget.Enqueue(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var heartbeats = 0;
            while (heartbeats < MaxGroupHeartbeats && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                heartbeats += pending.Heartbeats.Count;
            }

            try
            {
                HeartbeatVerdicts[] verdicts;
                try
                {
                    verdicts = await CommitAsync(group).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    _remembered.Clear(); // e.g. a version changed elsewhere: read everything afresh, once
                    verdicts = await CommitAsync(group).ConfigureAwait(false);
                }

                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Committed.TrySetResult(verdicts[i]);
                }
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var pending in group)
                {
                    await CommitAloneAsync(pending).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                group[0].Committed.TrySetException(e);
            }
        }
    }

    private async Task CommitAloneAsync(Pending pending)
    {
        try
        {
            pending.Committed.TrySetResult((await CommitAsync([pending]).ConfigureAwait(false))[0]);
        }
        catch (Exception e)
        {
            _remembered.Clear();
            pending.Committed.TrySetException(e);
        }
    }

    private async Task<HeartbeatVerdicts[]> CommitAsync(IReadOnlyList<Pending> group)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = services.GetRequiredService<IInstanceStore>();
        await using var transaction = await services.GetRequiredService<IStoreTransactions>().BeginAsync().ConfigureAwait(false);
        var all = group.SelectMany(p => p.Heartbeats).ToArray();
        var certificates = (await store.FindCertificatesAsync(all.Select(h => h.Serial).ToHashSet(StringComparer.Ordinal)).ConfigureAwait(false))
            .ToDictionary(c => c.Serial, StringComparer.Ordinal);
        while (_forget.TryDequeue(out var stale))
        {
            _remembered.Remove(stale);
        }

        var instances = new Dictionary<Guid, AppInstance>();
        var unknown = new HashSet<Guid>();
        foreach (var heartbeat in all)
        {
            if (_remembered.TryGetValue(heartbeat.InstanceId, out var known))
            {
                instances[known.Id] = known;
            }
            else
            {
                unknown.Add(heartbeat.InstanceId);
            }
        }

        if (unknown.Count > 0)
        {
            foreach (var stored in await store.GetManyAsync(unknown).ConfigureAwait(false))
            {
                instances[stored.Id] = stored;
            }
        }

        var before = new Dictionary<Guid, AppInstance>(instances);
        var created = new HashSet<Guid>();
        var changed = new HashSet<Guid>();
        var audit = new List<AuditEntryDraft>();
        var now = _time.GetUtcNow();
        var verdicts = new HeartbeatVerdicts[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var node = group[i].Node;
            int accepted = 0, duplicates = 0;
            var rejected = new List<HeartbeatRejection>();
            foreach (var heartbeat in group[i].Heartbeats)
            {
                certificates.TryGetValue(heartbeat.Serial, out var certificate);
                instances.TryGetValue(heartbeat.InstanceId, out var current);
                var refusal = Refusal(node, certificate, current);
                if (refusal is not null)
                {
                    rejected.Add(new HeartbeatRejection(heartbeat.Index, refusal));
                    continue;
                }

                if (current is not null && heartbeat.Sequence <= current.LastSequence)
                {
                    duplicates++; // an agent may resend after a restart
                    continue;
                }

                var (next, action) = InstanceTransitions.Apply(current, heartbeat, certificate!, now, _minimumSilence);
                instances[next.Id] = next;
                (current is null ? created : changed).Add(next.Id);
                accepted++;
                if (action is not null)
                {
                    audit.Add(AuditEntry(node, next, action, heartbeat, now));
                }
            }

            verdicts[i] = new HeartbeatVerdicts(accepted, duplicates, rejected);
        }

        changed.ExceptWith(created);
        // Most heartbeats change neither status, certificate nor build: those rows take the narrow update.
        var narrow = changed.Where(id => before.TryGetValue(id, out var was) && SameIdentity(was, instances[id])).ToHashSet();
        await store.WriteAsync([.. created.Select(id => instances[id])], [.. changed.Except(narrow).Select(id => instances[id])]).ConfigureAwait(false);
        await store.RecordHeartbeatsAsync([.. narrow.Select(id => instances[id])]).ConfigureAwait(false);
        if (audit.Count > 0)
        {
            await services.GetRequiredService<IAuditStore>().AppendRangeAsync(audit).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        Remember(created, changed, instances);
        return verdicts;
    }

    // As stored now: created at version 1, updated at the next version.
    private void Remember(HashSet<Guid> created, HashSet<Guid> changed, Dictionary<Guid, AppInstance> instances)
    {
        if (_remembered.Count + created.Count > MaxRemembered)
        {
            _remembered.Clear();
        }

        foreach (var id in created)
        {
            _remembered[id] = instances[id] with { Version = 1 };
        }

        foreach (var id in changed)
        {
            _remembered[id] = instances[id] with { Version = instances[id].Version + 1 };
        }
    }

    private static bool SameIdentity(AppInstance before, AppInstance after) =>
        before.Status == after.Status && before.CertificateId == after.CertificateId && before.BuildId == after.BuildId;

    // The certificate must be an ISSUED workload certificate of the calling node; a known instance stays with its app and node.
    private static string? Refusal(Node node, InstanceCertificate? certificate, AppInstance? current)
    {
        if (certificate is not { AppId: { } appId, NodeId: { } nodeId } || nodeId != node.Id || certificate.AccountId != node.AccountId)
        {
            return HeartbeatCodes.CertificateUnknown;
        }

        if (certificate.Status != CertificateStatus.Issued)
        {
            return HeartbeatCodes.CertificateRevoked;
        }

        return current is not null && (current.AccountId != certificate.AccountId || current.NodeId != nodeId || current.AppId != appId)
            ? HeartbeatCodes.InstanceMismatch
            : null;
    }

    private static AuditEntryDraft AuditEntry(Node node, AppInstance instance, string action, ParsedHeartbeat heartbeat, DateTimeOffset now) =>
        Audit.Entry(now, instance.AccountId, "node:" + node.Id, action, "instance:" + instance.Id, AuditOutcome.Success, new
        {
            status = WireNames.Of(instance.Status), app = instance.AppId, build = instance.BuildId, node = instance.NodeId,
            certificate = instance.CertificateId, sequence = heartbeat.Sequence, exit_code = instance.ExitCode,
        });

    private sealed record Pending(Node Node, IReadOnlyList<ParsedHeartbeat> Heartbeats, TaskCompletionSource<HeartbeatVerdicts> Committed);
}
