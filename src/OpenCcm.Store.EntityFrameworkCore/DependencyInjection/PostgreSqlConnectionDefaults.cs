using System.Data.Common;
using Npgsql;

namespace OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

/// <summary>
/// Defaults the store adds to a PostgreSQL connection string when the operator did not set them.
/// <c>Max Auto Prepare</c>: the manager runs the same few statements over and over (the issuance and heartbeat
/// writes above all); prepared once per connection, PostgreSQL stops parsing and planning each of them on every
/// execution. Behind PgBouncer in transaction mode, set <c>Max Auto Prepare=0</c> (prepared statements are per server
/// connection there).
/// </summary>
internal static class PostgreSqlConnectionDefaults
{
    public const int MaxAutoPrepare = 64;

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsMaxAutoPrepare(connectionString))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    // The generic builder keeps the keys as written ("Max Auto Prepare", "maxautoprepare", ...); Npgsql's knows them all.
    private static bool SetsMaxAutoPrepare(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
}
