using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Enclave.Manifest;

/// <summary>
/// Source-generated (NativeAOT-safe) JSON metadata of the manifest: camelCase, strict (no comments, no trailing
/// commas, no numbers as strings, nulls only where the model allows them, no unknown or duplicate properties).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(EnclaveManifest))]
internal sealed partial class EnclaveManifestJsonContext : JsonSerializerContext;
