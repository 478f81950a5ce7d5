using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>
/// Starts every EF transaction on SQLite with BEGIN IMMEDIATE, stated here rather than left to the provider's default.
/// A deferred transaction that reads and then writes (an audit append reads the head first) fails with
/// SQLITE_BUSY_SNAPSHOT when another writer commits in between; an immediate one takes the single write lock up
/// front (waiting up to busy_timeout), so read-then-write transactions are serialised and what they read stays current.
/// </summary>
internal sealed class SqliteImmediateTransactions : DbTransactionInterceptor
{
    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        InterceptionResult<DbTransaction>.SuppressWithResult(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarting(connection, eventData, result));
}
