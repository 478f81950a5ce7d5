using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace OpenCcm.Store.EntityFrameworkCore.Inserts;

/// <summary>
/// SQLite: inserts many new rows of one entity type with one single-row INSERT executed per row by one command, which
/// Microsoft.Data.Sqlite prepares at its first execution and reuses after (EF's SaveChanges sends every row as its own
/// statement text, each prepared anew). Parameters are made by EF's own type mappings, so values are stored exactly as
/// SaveChanges stores them (GUIDs as text, instants through the model's converter).
/// </summary>
internal sealed class PreparedRowInsert
{
    private static readonly ConditionalWeakTable<TableColumns, PreparedRowInsert> Statements = [];
    private readonly TableColumns _table;

    private PreparedRowInsert(TableColumns table)
    {
        _table = table;
        Sql = $"INSERT INTO {table.QuotedTable} ({table.QuotedColumnList}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
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
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < _table.Columns.Count; i++)
            {
                var column = _table.Columns[i];
                // CreateParameter converts the value and configures the parameter (its SQLite type) as SaveChanges does.
                command.Parameters.Add(column.Mapping.CreateParameter(command, $"@p{i}", column.Getter.GetClrValueUsingContainingEntity(row), column.IsNullable));
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
