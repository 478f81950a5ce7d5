namespace OpenCcm.Store.EntityFrameworkCore;

/// <summary>The database behind the stores.</summary>
public enum StoreProvider
{
    /// <summary>SQLite in one file (the default): WAL, synchronous=FULL.</summary>
    Sqlite,

    /// <summary>PostgreSQL (clusters of managers share one).</summary>
    Postgres,
}
