using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Stores;
using OpenCcm.Store.Tests.Conformance;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Sqlite;

[Collection(SqliteTests.Name)]
public sealed class SqliteStoreConformanceTests(SqliteStoreTestProvider provider) : StoreConformanceTests(provider)
{
    // The issuance tests of the suite exercise SQLite's batch writer (prepared row inserts).
    [Fact]
    public void Issuances_UseTheSqliteBatchWriter() => Assert.IsType<SqliteIssuanceStore>(Scope.Get<IIssuanceStore>());
}
