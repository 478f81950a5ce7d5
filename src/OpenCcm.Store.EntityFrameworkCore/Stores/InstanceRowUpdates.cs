using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <summary>
/// Versioned updates of many instance rows in one statement per <see cref="RowsPerStatement"/> rows: heartbeat
/// ingestion rewrites thousands of rows per commit, and EF's change tracking with one parameterised command per row
/// costs far more than the writes. The rows travel as parameters the database unpacks — SQLite: one JSON parameter read
/// by <c>json_each</c>; PostgreSQL: one typed array per column zipped by <c>unnest</c> — into <c>UPDATE … FROM … WHERE
/// id = v.id AND version = v.read</c>, setting only the mutable columns, in the values EF stores (SQLite: uppercase GUID
/// text, Unix microseconds, signatures as hex). Fewer rows affected than sent means a row changed since it was read: <see cref="ConcurrencyException"/>.
/// </summary>
internal static class InstanceRowUpdates
{
    private const int RowsPerStatement = 1000;

    // {0}: the status, certificate and build columns, only when they may change (setting an indexed column rewrites its index entry).
    private const string IdentityColumns = "\"build_id\" = v.build_id, \"certificate_id\" = v.certificate_id, \"status\" = v.status, \"status_updated_at\" = v.status_updated_at,";

    private const string SqliteStatement = """
        UPDATE "app_instances" SET {0}
          "message_count" = v.message_count,
          "last_sequence" = v.last_sequence, "interval_seconds" = v.interval_seconds, "exit_code" = v.exit_code, "last_seen_at" = v.last_seen_at,
          "last_sent_at" = v.last_sent_at, "last_signature" = unhex(v.last_signature), "unresponsive_at" = v.unresponsive_at,
          "updated_at" = v.updated_at, "version" = v.read + 1
        FROM (SELECT value ->> 'id' AS id, value ->> 'build_id' AS build_id, value ->> 'certificate_id' AS certificate_id, value ->> 'status' AS status,
                     value ->> 'message_count' AS message_count, value ->> 'last_sequence' AS last_sequence, value ->> 'interval_seconds' AS interval_seconds,
                     value ->> 'exit_code' AS exit_code, value ->> 'last_seen_at' AS last_seen_at, value ->> 'last_sent_at' AS last_sent_at,
                     value ->> 'last_signature' AS last_signature, value ->> 'unresponsive_at' AS unresponsive_at,
                     value ->> 'status_updated_at' AS status_updated_at, value ->> 'updated_at' AS updated_at, value ->> 'read' AS read
              FROM json_each(@rows)) AS v
        WHERE "app_instances"."id" = v.id AND "app_instances"."version" = v.read
        """;

    // PostgreSQL takes the rows as one typed array per column (binary, no JSON to write or parse), zipped by unnest.
    private const string PostgreSqlStatement = """
        UPDATE "app_instances" AS t SET {0}
          "message_count" = v.message_count,
          "last_sequence" = v.last_sequence, "interval_seconds" = v.interval_seconds, "exit_code" = v.exit_code, "last_seen_at" = v.last_seen_at,
          "last_sent_at" = v.last_sent_at, "last_signature" = v.last_signature, "unresponsive_at" = v.unresponsive_at,
          "updated_at" = v.updated_at, "version" = v.read + 1
        FROM unnest(@id::uuid[], @build_id::uuid[], @certificate_id::uuid[], @status::text[], @message_count::bigint[], @last_sequence::bigint[],
                    @interval_seconds::integer[], @exit_code::integer[], @last_seen_at::timestamptz[], @last_sent_at::timestamptz[],
                    @last_signature::bytea[], @unresponsive_at::timestamptz[], @status_updated_at::timestamptz[], @updated_at::timestamptz[], @read::bigint[])
          AS v(id, build_id, certificate_id, status, message_count, last_sequence, interval_seconds, exit_code, last_seen_at, last_sent_at,
               last_signature, unresponsive_at, status_updated_at, updated_at, read)
        WHERE t.id = v.id AND t.version = v.read
        """;

    /// <summary>
    /// Updates every row (its <c>Version</c> is the one read) in the context's transaction, or in one of its own; status,
    /// certificate and build only when <paramref name="identity"/>.
    /// </summary>
    public static async Task UpdateAsync(OpenCcmDbContext context, IReadOnlyList<AppInstanceEntity> rows, bool identity, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sqlite = context is SqliteOpenCcmDbContext;
        var ownTransaction = context.Database.CurrentTransaction is null ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            var affected = 0;
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var command = context.Database.GetDbConnection().CreateCommand();
                command.Transaction = context.Database.CurrentTransaction!.GetDbTransaction();
                command.CommandText = string.Format(CultureInfo.InvariantCulture, sqlite ? SqliteStatement : PostgreSqlStatement, identity ? IdentityColumns : "");
                if (sqlite)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "rows";
                    parameter.Value = Json(chunk);
                    command.Parameters.Add(parameter);
                }
                else
                {
                    AddColumnArrays(command, chunk);
                }
                affected += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (affected != rows.Count)
            {
                throw new ConcurrencyException($"{rows.Count - affected} of the AppInstance rows changed or were deleted since they were read.")
                {
                    EntityType = nameof(AppInstance),
                };
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Json(IEnumerable<AppInstanceEntity> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                WriteGuid(json, "id", row.Id);
                WriteGuid(json, "build_id", row.BuildId);
                WriteGuid(json, "certificate_id", row.CertificateId);
                json.WriteString("status", WireNames.Of(row.Status));
                json.WriteNumber("message_count", row.MessageCount);
                json.WriteNumber("last_sequence", row.LastSequence);
                json.WriteNumber("interval_seconds", row.IntervalSeconds);
                WriteNumber(json, "exit_code", row.ExitCode);
                WriteTime(json, "last_seen_at", row.LastSeenAt);
                WriteTime(json, "last_sent_at", row.LastSentAt);
                if (row.LastSignature is { } signature)
                {
                    json.WriteString("last_signature", Convert.ToHexString(signature));
                }
                else
                {
                    json.WriteNull("last_signature");
                }

                WriteTime(json, "unresponsive_at", row.UnresponsiveAt);
                WriteTime(json, "status_updated_at", row.StatusUpdatedAt);
                WriteTime(json, "updated_at", row.UpdatedAt);
                json.WriteNumber("read", row.Version);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // EF stores GUIDs on SQLite as uppercase text (its default Guid mapping).
    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is not { } guid)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, guid.ToString("D", CultureInfo.InvariantCulture).ToUpperInvariant());
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // Unix microseconds (UnixMicrosecondsConverter).
    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, StorePrecision.ToUnixMicroseconds(time));
        }
    }

    // One array per column of the PostgreSQL statement, in the values EF stores (UTC instants to the microsecond).
    private static void AddColumnArrays(System.Data.Common.DbCommand command, AppInstanceEntity[] rows)
    {
        Add(command, "id", rows.Select(r => r.Id).ToArray());
        Add(command, "build_id", rows.Select(r => r.BuildId).ToArray());
        Add(command, "certificate_id", rows.Select(r => r.CertificateId).ToArray());
        Add(command, "status", rows.Select(r => WireNames.Of(r.Status)).ToArray());
        Add(command, "message_count", rows.Select(r => r.MessageCount).ToArray());
        Add(command, "last_sequence", rows.Select(r => r.LastSequence).ToArray());
        Add(command, "interval_seconds", rows.Select(r => r.IntervalSeconds).ToArray());
        Add(command, "exit_code", rows.Select(r => r.ExitCode).ToArray());
        Add(command, "last_seen_at", rows.Select(r => Utc(r.LastSeenAt)).ToArray());
        Add(command, "last_sent_at", rows.Select(r => r.LastSentAt is { } sent ? Utc(sent) : (DateTimeOffset?)null).ToArray());
        Add(command, "last_signature", rows.Select(r => r.LastSignature).ToArray());
        Add(command, "unresponsive_at", rows.Select(r => Utc(r.UnresponsiveAt)).ToArray());
        Add(command, "status_updated_at", rows.Select(r => Utc(r.StatusUpdatedAt)).ToArray());
        Add(command, "updated_at", rows.Select(r => Utc(r.UpdatedAt)).ToArray());
        Add(command, "read", rows.Select(r => r.Version).ToArray());

        static void Add(System.Data.Common.DbCommand command, string name, Array values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = values;
            command.Parameters.Add(parameter);
        }

        // Npgsql writes timestamptz from UTC offsets only.
        static DateTimeOffset Utc(DateTimeOffset value) => StorePrecision.Normalize(value).ToUniversalTime();
    }
}
