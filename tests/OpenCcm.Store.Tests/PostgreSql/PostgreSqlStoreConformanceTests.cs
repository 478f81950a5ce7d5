using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Stores;
using OpenCcm.Store.Tests.Conformance;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.PostgreSql;

[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlStoreConformanceTests(PostgreSqlStoreTestProvider provider) : StoreConformanceTests(provider)
{
    // The issuance tests of the suite exercise the PostgreSQL batch writer (unnest inserts).
    [Fact]
    public void Issuances_UseThePostgreSqlBatchWriter() => Assert.IsType<PostgreSqlIssuanceStore>(Scope.Get<IIssuanceStore>());
}
