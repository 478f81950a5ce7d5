using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenCcm.Core.Stores;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <summary>Turns provider errors into the typed store exceptions of OpenCcm.Core.</summary>
internal static class StoreErrors
{
    // SQLite extended result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;

    // PostgreSQL SQLSTATE class 23 (integrity constraint violation).
    private const string PostgresUniqueViolation = "23505";
    private const string PostgresForeignKeyViolation = "23503";

    /// <summary>The typed exception for <paramref name="error"/>, or null when it is not a constraint violation.</summary>
    public static StoreException? Translate(Exception error, string entityType)
    {
        if (error is DbUpdateConcurrencyException)
        {
            return new ConcurrencyException($"The {entityType} changed or was deleted since it was read.", error) { EntityType = entityType };
        }

        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } sqlite:
                    return Duplicate(entityType, ConstraintFromSqliteMessage(sqlite.Message), error);
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintForeignKey }:
                    return Missing(entityType, error);
                case PostgresException { SqlState: PostgresUniqueViolation } postgres:
                    return Duplicate(entityType, postgres.ConstraintName, error);
                case PostgresException { SqlState: PostgresForeignKeyViolation }:
                    return Missing(entityType, error);
            }
        }

        return null;
    }

    private static DuplicateException Duplicate(string entityType, string? constraint, Exception error) =>
        new($"A {entityType} with the same {(constraint is null ? "key" : constraint)} already exists.", error)
        {
            EntityType = entityType,
            Constraint = constraint,
        };

    private static MissingReferenceException Missing(string entityType, Exception error) =>
        new($"The {entityType} refers to a row that does not exist, or rows still refer to it.", error) { EntityType = entityType };

    // "SQLite Error 19: 'UNIQUE constraint failed: accounts.name'." → "accounts.name"
    private static string? ConstraintFromSqliteMessage(string message)
    {
        const string marker = "constraint failed: ";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = message[(start + marker.Length)..];
        var end = rest.IndexOf('\'', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }
}
