using System.Text.Json.Serialization;

namespace OpenCcm.AgentProtocol;

/// <summary>Source-generated JSON for the local API (trim- and NativeAOT-safe). Names are explicit on every property; nulls are omitted.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentVersionResponse))]
[JsonSerializable(typeof(TargetInfoResponse))]
[JsonSerializable(typeof(AttestRequest))]
[JsonSerializable(typeof(AttestResponse))]
[JsonSerializable(typeof(IssueCertificateRequest))]
[JsonSerializable(typeof(CertificateTask))]
[JsonSerializable(typeof(HeartbeatEnvelope))]
[JsonSerializable(typeof(HeartbeatPayload))]
[JsonSerializable(typeof(HeartbeatAccepted))]
[JsonSerializable(typeof(AgentProblem))]
public sealed partial class AgentProtocolJson : JsonSerializerContext;
