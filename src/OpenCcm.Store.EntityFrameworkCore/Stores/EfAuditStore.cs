using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IAuditStore"/>
/// <remarks>
/// An append runs in a transaction (its own, or the scope's): take the chain lock (PostgreSQL: a transaction-scoped
/// advisory lock; SQLite: the write lock BEGIN IMMEDIATE already holds), read the head, seal the drafts after it,
/// insert. The sequence is the primary key, so even a caller that bypassed the lock could not fork the chain: its
/// insert would fail as a duplicate.
/// </remarks>
public class EfAuditStore(OpenCcmDbContext context) : EfStore(context), IAuditStore
{
    private const string Entity = nameof(AuditEntry);
    private const int ReadPageSize = 1000;

    /// <inheritdoc/>
    public virtual async ValueTask<AuditEntry> AppendAsync(AuditEntryDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return (await AppendRangeAsync([draft], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AuditEntry>> AppendRangeAsync(IReadOnlyList<AuditEntryDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return [];
        }

        var own = Context.Database.CurrentTransaction is null
            ? await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var sealedEntries = await SealAfterHeadAsync(Context, drafts, cancellationToken).ConfigureAwait(false);
            await SaveAsync(Entity, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return sealedEntries;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Takes the chain lock (the caller's transaction holds it until it ends), reads the head, seals the drafts after it
    /// and adds them to the context; the caller saves.
    /// </summary>
    private static async ValueTask<AuditEntry[]> SealAfterHeadAsync(OpenCcmDbContext context, IReadOnlyList<AuditEntryDraft> drafts, CancellationToken cancellationToken)
    {
        await context.LockAuditChainAsync(cancellationToken).ConfigureAwait(false);
        var head = await context.AuditEntries.OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

        var sealedEntries = SealAfter(head?.Sequence ?? 0, head?.Hash, drafts);
        context.AuditEntries.AddRange(sealedEntries.Select(AuditMapper.ToEntity));
        return sealedEntries;
    }

    /// <summary>Seals <paramref name="drafts"/> in order after the head (sequence 0 and no hash: the genesis).</summary>
    internal static AuditEntry[] SealAfter(long headSequence, byte[]? headHash, IReadOnlyList<AuditEntryDraft> drafts)
    {
        var sequence = headSequence;
        var previous = headHash ?? AuditEntry.GenesisHash.ToArray();
        var sealedEntries = new AuditEntry[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            sealedEntries[i] = AuditEntry.Create(drafts[i], ++sequence, previous);
            previous = sealedEntries[i].Hash;
        }

        return sealedEntries;
    }

    /// <inheritdoc/>
    public virtual async ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default) =>
        (await Context.AuditEntries.OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<AuditEntry?> GetAsync(long sequence, CancellationToken cancellationToken = default) =>
        (await Context.AuditEntries.FirstOrDefaultAsync(e => e.Sequence == sequence, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, PageRequest.MaxLimit);
        var rows = Context.AuditEntries.Where(e => e.Sequence > query.AfterSequence);
        if (query.AccountId is { } accountId)
        {
            rows = rows.Where(e => e.AccountId == accountId);
        }

        return (await rows.OrderBy(e => e.Sequence).Take(query.Limit).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(AuditMapper.ToModel).ToArray();
    }

    /// <inheritdoc/>
    public virtual async IAsyncEnumerable<AuditEntry> ReadAllAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = afterSequence;
        while (true)
        {
            var page = await Context.AuditEntries.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(ReadPageSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return row.ToModel();
            }

            if (page.Count < ReadPageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }
}
