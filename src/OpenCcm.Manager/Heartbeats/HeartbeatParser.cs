using System.Buffers;
using System.Text.Json;
using OpenCcm.Contracts;

namespace OpenCcm.Manager.Heartbeats;

/// <summary>
/// Reads the items of a heartbeat batch: each is a <see cref="ParsedHeartbeat"/> or refused as
/// <see cref="HeartbeatCodes.Malformed"/>. Only the shape is judged here; certificates and sequences are the writer's.
/// </summary>
internal static class HeartbeatParser
{
    public const int MaxItems = 5_000;
    public const int MaxIntervalSeconds = 86_400;
    private const int MaxPayloadChars = 4_096;
    private const int MaxSignatureChars = 2_048;
    private const int MaxSerialChars = 64;
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    public static ParsedHeartbeat? Parse(int index, HeartbeatItem? item)
    {
        if (item is not { Payload.Length: > 0 and <= MaxPayloadChars, Signature.Length: > 0 and <= MaxSignatureChars, CertificateSerial: { } serial }
            || !IsHex(serial))
        {
            return null;
        }

        var signature = FromBase64(item.Signature);
        var payloadBytes = FromBase64(item.Payload);
        if (signature is null || payloadBytes is null)
        {
            return null;
        }

        HeartbeatPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<HeartbeatPayload>(payloadBytes, ContractJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (payload is not { InstanceId: { } instanceId, Sequence: >= 1 and var sequence, Status: "running" or "stopped", SentAt: >= 0 and <= MaxUnixSeconds and var sentAt,
                IntervalSeconds: >= 1 and <= MaxIntervalSeconds and var interval }
            || instanceId == Guid.Empty)
        {
            return null;
        }

        return new ParsedHeartbeat(index, serial.ToLowerInvariant(), instanceId, sequence, payload.Status == "running",
            DateTimeOffset.FromUnixTimeSeconds(sentAt), interval, payload.ExitCode, signature);
    }

    private static bool IsHex(string serial) =>
        serial.Length is > 0 and <= MaxSerialChars && !serial.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
