using System.Data.Common;
using Npgsql;

namespace OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

/// <summary>
/// Defaults the store adds to a PostgreSQL connection string when the operator did not set them (measured with
/// `ccm bench issue`, docs/benchmarks.md):
/// <list type="bullet">
/// <item><c>Max Auto Prepare=64</c>: the manager runs the same few statements over and over (the issuance and heartbeat
/// writes above all); prepared once per connection, PostgreSQL stops parsing and planning each of them on every
/// execution. Behind PgBouncer in transaction mode, set <c>Max Auto Prepare=0</c> (prepared statements are per server
/// connection there).</item>
/// <item><c>No Reset On Close=true</c>: the store sets no session state (its audit-chain lock is transaction-scoped), so
/// the reset round trip each time a connection goes back to the pool buys nothing; an unfinished transaction is still
/// rolled back when the connection is closed.</item>
/// </list>
/// </summary>
internal static class PostgreSqlConnectionDefaults
{
    public const int MaxAutoPrepare = 64;

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!Sets(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    // The generic builder keeps the keys as written ("Max Auto Prepare", "maxautoprepare", ...); Npgsql's knows them all.
    private static bool Sets(string connectionString, string key) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(written => string.Equals(written.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));
}
