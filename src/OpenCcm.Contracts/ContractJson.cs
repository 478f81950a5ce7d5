using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCcm.Contracts;

/// <summary>
/// JSON conventions of the v1 API (reference/fortanix-ccm.md §1): snake_case field names, enum values as
/// UPPER_CASE strings (carried as string constants here), absent optional fields omitted, UUID ids, times as
/// Unix seconds (i64).
/// </summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}

/// <summary>A page of a list: <c>{metadata, items}</c>.</summary>
public sealed record ListResponse<T>(ListMetadata Metadata, IReadOnlyList<T> Items);

/// <summary>Paging facts of a list (limit/offset query parameters).</summary>
public sealed record ListMetadata(int Page, int Pages, int Limit, int TotalCount, int FilteredCount)
{
    public static ListMetadata For(int totalCount, int filteredCount, int limit, int offset)
    {
        var pageSize = Math.Max(1, limit);
        return new ListMetadata(offset / pageSize, (filteredCount + pageSize - 1) / pageSize, limit, totalCount, filteredCount);
    }
}
