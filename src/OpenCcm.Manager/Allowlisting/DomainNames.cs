using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// Domain names an app may get certificates for: DNS host names (RFC 1123 §2.1: labels of 1..63 letters, digits and
/// hyphens, not starting or ending with a hyphen; at most 253 characters), ASCII only (IDNs in their xn-- form),
/// compared ignoring case and kept lowercase. A wildcard is allowed only as the whole left-most label (RFC 6125
/// §6.4.3) of a name with at least two more labels ("*.com" would cover a public suffix). An all-numeric last label
/// is refused: that is an IPv4 address, not a host name (RFC 1123 §2.1).
/// </summary>
internal static class DomainNames
{
    public const int MaxPerApp = 100;
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>The names, lowercased and without duplicates (first occurrence kept); every bad one is reported.</summary>
    public static IReadOnlyList<string> NormalizeAll(IReadOnlyList<string>? names, RequestValidation validation)
    {
        if (names is null)
        {
            return [];
        }

        validation.Require(names.Count <= MaxPerApp, $"allowed_domains may list at most {MaxPerApp} names.");
        var result = new List<string>();
        foreach (var name in names.Take(MaxPerApp))
        {
            if (TryNormalize(name, out var normalized))
            {
                if (!result.Contains(normalized, StringComparer.Ordinal))
                {
                    result.Add(normalized);
                }
            }
            else
            {
                validation.Require(false, $"'{InputEcho.Shorten(name)}' is not a DNS name (a wildcard only as the whole first label).");
            }
        }

        return result;
    }

    public static bool TryNormalize(string? name, out string normalized)
    {
        normalized = name?.Trim().ToLowerInvariant() ?? string.Empty;
        if (normalized.Length is 0 or > MaxLength)
        {
            return false;
        }

        var labels = normalized.Split('.');
        var first = labels[0] == "*" ? 1 : 0;
        if (first == 1 && labels.Length < 3)
        {
            return false;
        }

        for (var i = first; i < labels.Length; i++)
        {
            if (!IsHostLabel(labels[i]))
            {
                return false;
            }
        }

        return !labels[^1].All(char.IsAsciiDigit);
    }

    /// <summary>What a change from <paramref name="approved"/> to <paramref name="requested"/> adds and removes.</summary>
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Diff(IReadOnlyList<string> approved, IReadOnlyList<string> requested) =>
        ([.. requested.Except(approved, StringComparer.Ordinal)], [.. approved.Except(requested, StringComparer.Ordinal)]);

    /// <summary>The approved names after a completed change.</summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> approved, IReadOnlyList<string> added, IReadOnlyList<string> removed) =>
        [.. approved.Concat(added).Distinct(StringComparer.Ordinal).Except(removed, StringComparer.Ordinal)];

    private static bool IsHostLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
