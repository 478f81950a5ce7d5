namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>Test classes on SQLite share one provider (temp directory).</summary>
[CollectionDefinition(Name)]
public sealed class SqliteTests : ICollectionFixture<SqliteStoreTestProvider>
{
    public const string Name = "SQLite";
}

/// <summary>Test classes on PostgreSQL share one server (started once per test run unless CCM_TEST_POSTGRES is set).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlTests : ICollectionFixture<PostgreSqlStoreTestProvider>
{
    public const string Name = "PostgreSQL";
}
