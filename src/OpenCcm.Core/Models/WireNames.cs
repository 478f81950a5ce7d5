using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>
/// The names enums have on the wire and in the database: the Fortanix API's spellings (e.g. <c>INPROGRESS</c>,
/// <c>NODE_ATTESTATION</c>), declared with <see cref="JsonStringEnumMemberNameAttribute"/> so that
/// <see cref="JsonStringEnumConverter"/> writes the same names.
/// </summary>
public static class WireNames
{
    /// <summary>The wire name of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a declared member.</exception>
    public static string Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.ToName.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a declared {typeof(TEnum).Name}.");

    /// <summary>The member whose wire name is <paramref name="name"/> (exact, case-sensitive), or false.</summary>
    public static bool TryParse<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(string name, out TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.FromName.TryGetValue(name, out value);

    /// <summary>The member whose wire name is <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">No member has that name.</exception>
    public static TEnum Parse<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(string name)
        where TEnum : struct, Enum =>
        TryParse(name, out TEnum value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    private static class Cache<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToName = typeof(TEnum)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToFrozenDictionary(
                f => (TEnum)f.GetValue(null)!,
                f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

        public static readonly FrozenDictionary<string, TEnum> FromName =
            ToName.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
