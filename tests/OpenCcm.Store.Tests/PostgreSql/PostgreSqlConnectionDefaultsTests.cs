using Npgsql;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Store.Tests.PostgreSql;

public sealed class PostgreSqlConnectionDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_operator_says_otherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;Database=ccm;Username=ccm"));
        Assert.Equal(PostgreSqlConnectionDefaults.MaxAutoPrepare, defaulted.MaxAutoPrepare);
        Assert.True(defaulted.NoResetOnClose);
        Assert.Equal("db", defaulted.Host);
        Assert.False(new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;No Reset On Close=false")).NoResetOnClose);

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;maxautoprepare=5")).MaxAutoPrepare);
    }
}
