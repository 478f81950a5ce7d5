namespace OpenCcm.Core.Models;

/// <summary>Which slice of a list to return (Fortanix <c>offset, limit</c>).</summary>
/// <param name="Offset">Items to skip (≥ 0).</param>
/// <param name="Limit">Items to return (1..1000).</param>
public sealed record PageRequest(int Offset = 0, int Limit = 100)
{
    /// <summary>The largest limit stores accept.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The first 100 items.</summary>
    public static PageRequest First { get; } = new();

    /// <summary>Throws when out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Offset negative or limit outside 1..<see cref="MaxLimit"/>.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
    }
}
