using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;

namespace OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

/// <summary>Brings the database to the current schema at startup.</summary>
public static class StoreMigrations
{
    /// <summary>
    /// Applies pending migrations of the configured provider (EF Core takes a migration lock, so managers starting
    /// together on one PostgreSQL do not race). For SQLite, first creates the file's directory and switches the
    /// database to WAL (kept in the file).
    /// </summary>
    public static async Task MigrateOpenCcmStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<OpenCcmDbContext>();
            if (context.Database.IsSqlite())
            {
                await PrepareSqliteAsync(context, cancellationToken).ConfigureAwait(false);
            }

            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task PrepareSqliteAsync(OpenCcmDbContext context, CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(context.Database.GetConnectionString()).DataSource;
        var directory = string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
    }
}
