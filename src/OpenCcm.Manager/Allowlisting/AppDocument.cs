using System.Text.Json;
using OpenCcm.Contracts;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// The Fortanix app fields Core's <see cref="Core.Models.App"/> has no column for (<c>isvprodid, isvsvn, mem_size,
/// threads</c>) with the verbatim <c>advanced_settings</c>, stored together in <c>App.AdvancedSettingsJson</c> as
/// <c>{"advanced_settings": {...}, "isvprodid": n, "isvsvn": n, "mem_size": n, "threads": n}</c>. A stored value
/// without that envelope is read as bare advanced settings.
/// </summary>
internal sealed record AppDocument(JsonElement? AdvancedSettings, int Isvprodid, int Isvsvn, long MemSize, int Threads)
{
    public static AppDocument Empty { get; } = new(null, 0, 0, 0, 0);

    public string Write() => JsonSerializer.Serialize(this, ContractJson.Options);

    public static AppDocument Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("isvprodid", out _) && root.TryGetProperty("mem_size", out _))
        {
            return JsonSerializer.Deserialize<AppDocument>(root, ContractJson.Options) ?? Empty;
        }

        return Empty with { AdvancedSettings = root.Clone() };
    }
}
