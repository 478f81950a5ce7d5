using OpenCcm.Store.Tests.Conformance;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Sqlite;

[Collection(SqliteTests.Name)]
public sealed class SqliteStoreConformanceTests(SqliteStoreTestProvider provider) : StoreConformanceTests(provider);
