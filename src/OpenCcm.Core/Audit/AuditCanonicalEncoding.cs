using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Core.Audit;

/// <summary>
/// The exact bytes an audit entry's hash covers (version 1). All integers big-endian; strings are UTF-8 (strict:
/// invalid UTF-16 is refused) behind a 4-byte length:
/// <code>
/// magic        16 bytes  ASCII "OpenCCM audit v1"
/// sequence      8 bytes  signed 64-bit
/// timestamp     8 bytes  signed 64-bit, microseconds since 1970-01-01T00:00:00Z
/// account       u32 length + UTF-8 of the lowercase UUID "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
///               or the length 0xFFFFFFFF alone when there is no account
/// actor         u32 length + UTF-8
/// action        u32 length + UTF-8
/// subject       u32 length + UTF-8
/// outcome       u32 length + UTF-8 of "SUCCESS" | "FAILURE" | "DENIED"
/// details       u32 length + UTF-8 of the JSON text exactly as stored (no re-serialisation)
/// previous_hash 32 bytes
/// </code>
/// hash = SHA-256(those bytes). Length prefixes make the encoding injective: no two different entries share bytes.
/// </summary>
public static class AuditCanonicalEncoding
{
    /// <summary>Length of every hash in the chain.</summary>
    public const int HashLength = 32;

    /// <summary>Length prefix that marks an absent optional string.</summary>
    public const uint Absent = uint.MaxValue;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The 16-byte version tag that starts every encoding.</summary>
    public static ReadOnlySpan<byte> Magic => "OpenCCM audit v1"u8;

    /// <summary>The canonical bytes of <paramref name="entry"/> (its <see cref="AuditEntry.Hash"/> is not part of them).</summary>
    /// <exception cref="ArgumentException">A string is not valid UTF-16 or the previous hash is not 32 bytes.</exception>
    public static byte[] Encode(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.PreviousHash is not { Length: HashLength })
        {
            throw new ArgumentException("The previous hash must be 32 bytes.", nameof(entry));
        }

        var buffer = new ArrayBufferWriter<byte>(256 + entry.Details.Length);
        buffer.Write(Magic);
        WriteInt64(buffer, entry.Sequence);
        WriteInt64(buffer, ToUnixMicroseconds(entry.Timestamp));
        WriteOptionalString(buffer, entry.AccountId?.ToString("D"));
        WriteString(buffer, entry.Actor);
        WriteString(buffer, entry.Action);
        WriteString(buffer, entry.Subject);
        WriteString(buffer, OutcomeName(entry.Outcome));
        WriteString(buffer, entry.Details);
        buffer.Write(entry.PreviousHash);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>SHA-256 of <see cref="Encode"/>.</summary>
    public static byte[] ComputeHash(AuditEntry entry) => SHA256.HashData(Encode(entry));

    /// <summary>The outcome's name in the encoding.</summary>
    /// <remarks>Spelled out here rather than taken from <see cref="Models.WireNames"/>: the hash must never change with a rename.</remarks>
    public static string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => "SUCCESS",
        AuditOutcome.Failure => "FAILURE",
        AuditOutcome.Denied => "DENIED",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown audit outcome."),
    };

    /// <summary>Microseconds since the Unix epoch (sub-microsecond ticks are dropped, toward negative infinity).</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value)
    {
        var (quotient, remainder) = Math.DivRem(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMicrosecond);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The instant <paramref name="value"/> as UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        DateTimeOffset.UnixEpoch.AddTicks(ToUnixMicroseconds(value) * TimeSpan.TicksPerMicrosecond);

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteOptionalString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), Absent);
            buffer.Advance(4);
            return;
        }

        WriteString(buffer, value);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("Audit fields must be valid UTF-16 text.", nameof(value), e);
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), checked((uint)length));
        buffer.Advance(4);
        buffer.Advance(StrictUtf8.GetBytes(value, buffer.GetSpan(length)));
    }
}
