using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Zones;

/// <summary>Fortanix list paging (<c>limit</c>, <c>offset</c>) over lists the store returns whole (zones, join tokens: few per parent).</summary>
internal static class ListPaging
{
    public const int DefaultLimit = 100;

    /// <summary>The page, or a 400 problem when limit is outside 1..1000 or offset negative.</summary>
    public static IResult Page<TItem, TResponse>(IReadOnlyList<TItem> all, int? limit, int? offset, Func<TItem, TResponse> map)
    {
        var take = limit ?? DefaultLimit;
        var skip = offset ?? 0;
        var validation = new RequestValidation()
            .Require(take is >= 1 and <= PageRequest.MaxLimit, $"limit must be 1 to {PageRequest.MaxLimit}.")
            .Require(skip >= 0, "offset must not be negative.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var items = all.Skip(skip).Take(take).Select(map).ToArray();
        return Results.Ok(new ListResponse<TResponse>(ListMetadata.For(all.Count, all.Count, take, skip), items));
    }
}
