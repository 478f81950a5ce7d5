using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace OpenCcm.Store.EntityFrameworkCore.Inserts;

/// <summary>SQLite: inserts many new rows of one entity type with one single-row INSERT run per row (<see cref="RowByRow"/>).</summary>
internal sealed class PreparedRowInsert
{
    private static readonly ConditionalWeakTable<TableColumns, PreparedRowInsert> Statements = [];
    private readonly TableColumns _table;
    private readonly string[] _parameterNames;

    private PreparedRowInsert(TableColumns table)
    {
        _table = table;
        _parameterNames = [.. table.Columns.Select((_, i) => $"@p{i}")];
        Sql = $"INSERT INTO {table.QuotedTable} ({table.QuotedColumnList}) VALUES ({string.Join(", ", _parameterNames)})";
    }

    /// <summary>The statement (constant for the entity type).</summary>
    public string Sql { get; }

    public static PreparedRowInsert For<TEntity>(IModel model) => Statements.GetValue(TableColumns.For<TEntity>(model), table => new PreparedRowInsert(table));

    /// <summary>Inserts <paramref name="rows"/> in <paramref name="transaction"/>.</summary>
    public async ValueTask ExecuteAsync<TEntity>(DbConnection connection, DbTransaction transaction, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        await RowByRow.ExecuteAsync(command, _table.Columns, _parameterNames, rows, cancellationToken).ConfigureAwait(false);
    }
}
