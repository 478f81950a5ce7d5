using System.Text.Json.Serialization;

namespace OpenCcm.Agent.Heartbeats;

/// <summary>One heartbeat as the agent relays it (CONTRACTS-5.md "Agent → manager heartbeats"): payload and signature as received (base64), the certificate's serial (lowercase hex).</summary>
internal sealed record RelayedHeartbeat(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("certificate_serial")] string CertificateSerial);

/// <summary><c>POST /v1/heartbeats</c> body.</summary>
internal sealed record HeartbeatBatch([property: JsonPropertyName("heartbeats")] IReadOnlyList<RelayedHeartbeat> Heartbeats);

/// <summary><c>POST /v1/heartbeats</c> answer.</summary>
internal sealed record HeartbeatBatchResult(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("ignored")] int Ignored);

[JsonSerializable(typeof(HeartbeatBatch))]
[JsonSerializable(typeof(HeartbeatBatchResult))]
internal sealed partial class RelayJson : JsonSerializerContext;
