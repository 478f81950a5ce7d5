using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenCcm.Converter;

/// <summary>Source-generated JSON for what the converter writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ConversionResult))]
internal sealed partial class ConverterJsonContext : JsonSerializerContext;
