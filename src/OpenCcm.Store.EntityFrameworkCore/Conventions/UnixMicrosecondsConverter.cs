using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OpenCcm.Store.EntityFrameworkCore.Conventions;

/// <summary>
/// SQLite has no time type and EF cannot compare or order DateTimeOffset text there; instants are stored as
/// microseconds since the Unix epoch (INTEGER), the precision PostgreSQL's timestamptz keeps, so both providers
/// round-trip the same values.
/// </summary>
public sealed class UnixMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(v => StorePrecision.ToUnixMicroseconds(v), v => StorePrecision.FromUnixMicroseconds(v));
