using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OpenCcm.Store.EntityFrameworkCore.Inserts;

/// <summary>
/// The table and columns of one entity type as the EF model maps them — names, order, store types and type mappings
/// (value converters included) — so that statements written outside SaveChanges follow the migrations.
/// </summary>
internal sealed class TableColumns
{
    private static readonly ConditionalWeakTable<IEntityType, TableColumns> Tables = [];

    private TableColumns(IEntityType entityType)
    {
        var table = StoreObjectIdentifier.Table(
            entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} is not mapped to a table."),
            entityType.GetSchema());
        QuotedTable = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        Columns = [.. entityType.GetProperties().Select(property => new TableColumn(
            property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}."),
            property.GetRelationalTypeMapping(),
            property.GetGetter(),
            property.IsNullable))];
    }

    public string QuotedTable { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public string QuotedColumnList => string.Join(", ", Columns.Select(c => Quote(c.Name)));

    public static TableColumns For<TEntity>(IModel model)
    {
        var entityType = model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        return Tables.GetValue(entityType, type => new TableColumns(type));
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>One mapped column: its name, EF's type mapping for it, and how to read its value from an entity.</summary>
internal sealed record TableColumn(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool IsNullable)
{
    /// <summary>The entity's value, converted to the provider's type as SaveChanges would.</summary>
    public object? ProviderValue(object entity)
    {
        var value = Getter.GetClrValueUsingContainingEntity(entity);
        return value is null || Mapping.Converter is null ? value : Mapping.Converter.ConvertToProvider(value);
    }
}
