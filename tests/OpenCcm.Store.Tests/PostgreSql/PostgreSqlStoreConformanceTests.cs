using OpenCcm.Store.Tests.Conformance;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.PostgreSql;

[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlStoreConformanceTests(PostgreSqlStoreTestProvider provider) : StoreConformanceTests(provider);
