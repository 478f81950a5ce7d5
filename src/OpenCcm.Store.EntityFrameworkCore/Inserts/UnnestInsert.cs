using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace OpenCcm.Store.EntityFrameworkCore.Inserts;

/// <summary>
/// PostgreSQL: inserts many new rows of one entity type with one statement whose text does not depend on the row
/// count, <c>INSERT INTO t (c1, c2, …) SELECT * FROM unnest(@p0::type1[], @p1::type2[], …)</c>, one array parameter
/// per column (the bulk insert Npgsql's documentation recommends). Npgsql prepares it once per connection, where EF's
/// SaveChanges sends, builds and tracks one INSERT per row.
/// </summary>
internal sealed class UnnestInsert
{
    private static readonly ConditionalWeakTable<TableColumns, UnnestInsert> Statements = [];
    private readonly TableColumns _table;
    private readonly Type[] _elementTypes;

    private UnnestInsert(TableColumns table)
    {
        _table = table;
        // Nullable value columns travel as T?[] (Npgsql writes NULL elements); reference types carry null as is.
        _elementTypes = [.. table.Columns.Select(c =>
        {
            var providerType = c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            return providerType.IsValueType && c.IsNullable ? typeof(Nullable<>).MakeGenericType(providerType) : providerType;
        })];
        var arrays = string.Join(", ", table.Columns.Select((c, i) => $"@p{i}::{c.Mapping.StoreType}[]"));
        Sql = $"INSERT INTO {table.QuotedTable} ({table.QuotedColumnList}) SELECT * FROM unnest({arrays})";
    }

    /// <summary>The statement (constant for the entity type).</summary>
    public string Sql { get; }

    public static UnnestInsert For<TEntity>(IModel model) => Statements.GetValue(TableColumns.For<TEntity>(model), table => new UnnestInsert(table));

    /// <summary>A batch command inserting <paramref name="rows"/> (at least one).</summary>
    public NpgsqlBatchCommand Command<TEntity>(IReadOnlyList<TEntity> rows)
        where TEntity : class
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var command = new NpgsqlBatchCommand(Sql);
        for (var column = 0; column < _table.Columns.Count; column++)
        {
            var values = Array.CreateInstance(_elementTypes[column], rows.Count);
            for (var row = 0; row < rows.Count; row++)
            {
                values.SetValue(_table.Columns[column].ProviderValue(rows[row]), row);
            }

            command.Parameters.Add(new NpgsqlParameter($"p{column}", values));
        }

        return command;
    }
}
