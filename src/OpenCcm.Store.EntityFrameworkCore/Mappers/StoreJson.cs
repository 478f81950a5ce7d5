using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

/// <summary>How list, map and small record columns are written as JSON text (camelCase, enums by wire name).</summary>
internal static class StoreJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} column holds JSON null.");

    public static IReadOnlyList<string> ReadList(string json) => Read<string[]>(json);

    public static IReadOnlyDictionary<string, string> ReadMap(string json) => Read<Dictionary<string, string>>(json);
}
