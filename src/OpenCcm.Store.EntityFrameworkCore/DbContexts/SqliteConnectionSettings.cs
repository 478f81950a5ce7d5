using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>
/// Per-connection SQLite settings, applied every time a connection opens: synchronous=FULL makes every acknowledged
/// commit survive power loss in WAL mode (NORMAL could lose the last ones); busy_timeout makes writers queue instead
/// of failing with SQLITE_BUSY; foreign_keys enforces the schema's references. (journal_mode=WAL is stored in the
/// database file and set once, by <see cref="StoreMigrations"/>.)
/// </summary>
internal sealed class SqliteConnectionSettings(TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
