namespace OpenCcm.Core.Models;

/// <summary>A slice of a list and how many items match in all (Fortanix <c>{metadata{filtered_count}, items}</c>).</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items of the slice, in the store's stable order.</param>
/// <param name="TotalCount">Items matching the query, ignoring offset and limit.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount);
