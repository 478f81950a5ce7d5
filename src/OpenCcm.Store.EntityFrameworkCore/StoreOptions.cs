using Microsoft.Data.Sqlite;

namespace OpenCcm.Store.EntityFrameworkCore;

/// <summary>Where the manager keeps its data.</summary>
public sealed class StoreOptions
{
    /// <summary>Which database.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string: SQLite <c>Data Source=/var/lib/ccm/ccm.db</c>; PostgreSQL
    /// <c>Host=...;Port=...;Database=...;Username=...;Password=...</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a SQLite writer waits for another writer's lock before failing (PRAGMA busy_timeout).</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Options for a SQLite database in <paramref name="path"/>.</summary>
    public static StoreOptions ForSqliteFile(string path) => new()
    {
        Provider = StoreProvider.Sqlite,
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString(),
    };

    /// <summary>The provider named <c>sqlite</c> or <c>postgres</c> (also <c>postgresql</c>), ignoring case.</summary>
    /// <exception cref="FormatException">Another name.</exception>
    public static StoreProvider ParseProvider(string name) => name?.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => StoreProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => StoreProvider.Postgres,
        _ => throw new FormatException($"Unknown store provider '{name}' (expected sqlite or postgres)."),
    };

    /// <summary>Throws when the options cannot work.</summary>
    /// <exception cref="InvalidOperationException">No connection string, or an unknown provider, or a non-positive busy timeout.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("StoreOptions.ConnectionString is required.");
        }

        if (!Enum.IsDefined(Provider))
        {
            throw new InvalidOperationException($"Unknown store provider {Provider}.");
        }

        if (SqliteBusyTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("StoreOptions.SqliteBusyTimeout must be positive.");
        }
    }
}
