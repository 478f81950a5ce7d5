using OpenCcm.Contracts;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Http;

/// <summary>The <c>limit</c> and <c>offset</c> query parameters of Fortanix lists (default 100, at most 1000).</summary>
internal static class ListPaging
{
    public const int DefaultLimit = 100;

    public static PageRequest Read(string? limit, string? offset, RequestValidation validation)
    {
        var parsedLimit = DefaultLimit;
        var parsedOffset = 0;
        validation
            .Require(limit is null || (int.TryParse(limit, out parsedLimit) && parsedLimit is >= 1 and <= PageRequest.MaxLimit),
                $"limit must be 1..{PageRequest.MaxLimit}.")
            .Require(offset is null || (int.TryParse(offset, out parsedOffset) && parsedOffset >= 0), "offset must be 0 or more.");
        return validation.IsValid ? new PageRequest(parsedOffset, parsedLimit) : PageRequest.First;
    }

    /// <summary>A query parameter naming a wire enum value (e.g. <c>status=PENDING</c>), or null when absent.</summary>
    public static TEnum? Enum<TEnum>(string? value, string name, RequestValidation validation)
        where TEnum : struct, System.Enum
    {
        if (value is null)
        {
            return null;
        }

        var known = WireNames.TryParse(value, out TEnum parsed);
        validation.Require(known, $"{name} must be one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => WireNames.Of(v)))}.");
        return known ? parsed : null;
    }

    /// <summary>A query parameter holding an id, or null when absent.</summary>
    public static Guid? Id(string? value, string name, RequestValidation validation)
    {
        if (value is null)
        {
            return null;
        }

        var valid = Guid.TryParse(value, out var id);
        validation.Require(valid, $"{name} must be a UUID.");
        return valid ? id : null;
    }

    /// <summary>A page of a list the store returns whole (zones, join tokens: few per parent), or a 400 problem.</summary>
    public static IResult Page<TItem, TResponse>(IReadOnlyList<TItem> all, string? limit, string? offset, Func<TItem, TResponse> map)
    {
        var validation = new RequestValidation();
        var page = Read(limit, offset, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var items = all.Skip(page.Offset).Take(page.Limit).Select(map).ToArray();
        return Results.Ok(new ListResponse<TResponse>(ListMetadata.For(all.Count, all.Count, page.Limit, page.Offset), items));
    }
}
