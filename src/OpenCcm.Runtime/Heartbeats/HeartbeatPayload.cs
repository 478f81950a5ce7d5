using System.Text.Json;

namespace OpenCcm.Runtime.Heartbeats;

/// <summary>
/// The heartbeat payload of CONTRACTS-5.md: <c>{"instance_id", "sequence", "status", "sent_at", "interval_seconds",
/// "exit_code"?}</c>. Written with <see cref="Utf8JsonWriter"/> (no reflection, NativeAOT-safe); the signature covers
/// exactly these bytes.
/// </summary>
public static class HeartbeatPayload
{
    public const string Running = "running";
    public const string Stopped = "stopped";

    public static byte[] Write(Guid instanceId, long sequence, string status, DateTimeOffset sentAt, int intervalSeconds, int? exitCode)
    {
        using var buffer = new MemoryStream(192);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("instance_id", instanceId.ToString("D"));
            writer.WriteNumber("sequence", sequence);
            writer.WriteString("status", status);
            writer.WriteNumber("sent_at", sentAt.ToUnixTimeSeconds());
            writer.WriteNumber("interval_seconds", intervalSeconds);
            if (exitCode is { } code)
            {
                writer.WriteNumber("exit_code", code);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
