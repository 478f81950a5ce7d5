using System.Data.Common;

namespace OpenCcm.Store.EntityFrameworkCore.Inserts;

/// <summary>
/// SQLite's batch form: one statement run once per row by one command, which Microsoft.Data.Sqlite prepares at its first
/// execution and reuses after (EF's SaveChanges sends every row as its own statement text, each prepared anew).
/// Parameters are made by EF's own type mappings, so values are stored exactly as SaveChanges stores them (GUIDs as
/// text, instants through the model's converter).
/// </summary>
internal static class RowByRow
{
    /// <summary>Runs <paramref name="command"/> for each row, <paramref name="columns"/>[i] bound to <paramref name="parameterNames"/>[i]; returns the rows affected.</summary>
    public static async ValueTask<int> ExecuteAsync<TEntity>(
        DbCommand command, IReadOnlyList<TableColumn> columns, IReadOnlyList<string> parameterNames, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var affected = 0;
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                // CreateParameter converts the value and configures the parameter (its SQLite type) as SaveChanges does.
                command.Parameters.Add(columns[i].Mapping.CreateParameter(command, parameterNames[i], columns[i].Getter.GetClrValueUsingContainingEntity(row), columns[i].IsNullable));
            }

            affected += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }
}
