using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace OpenCcm.Store.EntityFrameworkCore.PostgreSql;

/// <summary>
/// Inserts many new rows of one entity type with one statement whose text does not depend on the row count:
/// <c>INSERT INTO t (c1, c2, …) SELECT * FROM unnest(@p0::type1[], @p1::type2[], …)</c>, one array parameter per column
/// (the pattern Npgsql's documentation gives for bulk inserts). Npgsql prepares it once per connection, where EF's
/// SaveChanges sends one INSERT per row and tracks each entity. Columns, their order, store types and value
/// converters all come from the EF model, so the statement follows the migrations.
/// </summary>
internal sealed class UnnestInsert
{
    private static readonly ConditionalWeakTable<IEntityType, UnnestInsert> Statements = [];
    private readonly Column[] _columns;

    private UnnestInsert(IEntityType entityType)
    {
        var table = StoreObjectIdentifier.Table(
            entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} is not mapped to a table."),
            entityType.GetSchema());
        _columns = [.. entityType.GetProperties().Select(property => Column.For(property, table))];
        var quotedTable = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        var names = string.Join(", ", _columns.Select(c => Quote(c.Name)));
        var arrays = string.Join(", ", _columns.Select((c, i) => $"@p{i}::{c.StoreType}[]"));
        Sql = $"INSERT INTO {quotedTable} ({names}) SELECT * FROM unnest({arrays})";
    }

    /// <summary>The statement (constant for the entity type).</summary>
    public string Sql { get; }

    /// <summary>The insert statement for <typeparamref name="TEntity"/> in <paramref name="model"/>.</summary>
    public static UnnestInsert For<TEntity>(IModel model)
    {
        var entityType = model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        return Statements.GetValue(entityType, type => new UnnestInsert(type));
    }

    /// <summary>A batch command inserting <paramref name="rows"/> (at least one).</summary>
    public NpgsqlBatchCommand Command<TEntity>(IReadOnlyList<TEntity> rows)
        where TEntity : class
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var command = new NpgsqlBatchCommand(Sql);
        for (var i = 0; i < _columns.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"p{i}", _columns[i].Values(rows)));
        }

        return command;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // One column: where its value comes from, how it converts to the provider's type, and the array that carries it.
    private sealed class Column
    {
        private readonly IProperty _property;
        private readonly ValueConverter? _converter;
        private readonly Type _elementType;

        private Column(IProperty property, string name, string storeType, ValueConverter? converter, Type elementType)
        {
            _property = property;
            Name = name;
            StoreType = storeType;
            _converter = converter;
            _elementType = elementType;
        }

        public string Name { get; }

        public string StoreType { get; }

        public static Column For(IProperty property, StoreObjectIdentifier table)
        {
            var mapping = property.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
            // Nullable value columns travel as T?[] (Npgsql writes NULL elements); reference types carry null as is.
            var elementType = providerType.IsValueType && property.IsNullable ? typeof(Nullable<>).MakeGenericType(providerType) : providerType;
            var name = property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}.");
            return new Column(property, name, mapping.StoreType, converter, elementType);
        }

        public Array Values<TEntity>(IReadOnlyList<TEntity> rows)
            where TEntity : class
        {
            var getter = _property.GetGetter();
            var values = Array.CreateInstance(_elementType, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var value = getter.GetClrValueUsingContainingEntity(rows[i]);
                values.SetValue(value is null || _converter is null ? value : _converter.ConvertToProvider(value), i);
            }

            return values;
        }
    }
}
