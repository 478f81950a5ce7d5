using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <summary>Transactions over the scope's context: every store of the scope writes through it.</summary>
public class EfStoreTransactions(OpenCcmDbContext context) : IStoreTransactions
{
    /// <inheritdoc/>
    public virtual async ValueTask<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A store transaction is already active in this scope.");
        }

        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return new EfStoreTransaction(context, transaction);
    }

    private sealed class EfStoreTransaction(OpenCcmDbContext context, IDbContextTransaction transaction) : IStoreTransaction
    {
        private bool _completed;

        public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _completed = true;
            context.TransactionEnded();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_completed)
                {
                    await transaction.RollbackAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _completed = true;
                context.TransactionEnded();
                context.ChangeTracker.Clear();
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
