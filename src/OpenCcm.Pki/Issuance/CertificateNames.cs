using System.Net;

namespace OpenCcm.Pki.Issuance;

/// <summary>Which subject CNs and DNS names may go into a certificate (syntax only: approval is the caller's).</summary>
internal static class CertificateNames
{
    /// <summary>X.520 ub-common-name.</summary>
    public const int MaxCommonNameLength = 64;

    /// <summary>RFC 1035 §2.3.4: 255 octets on the wire, 253 characters as text.</summary>
    private const int MaxDnsNameLength = 253;
    private const int MaxLabelLength = 63;
    private const int MaxDnsNames = 100;

    public static string RequireCommonName(string? commonName)
    {
        if (string.IsNullOrEmpty(commonName) || commonName.Length > MaxCommonNameLength || commonName.Any(char.IsControl))
        {
            throw NotAllowed($"a subject common name has 1 to {MaxCommonNameLength} printable characters");
        }

        return commonName;
    }

    /// <summary>The names lowercased (DNS is case-insensitive), duplicates dropped, order kept; each checked.</summary>
    public static IReadOnlyList<string> NormalizeDnsNames(IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count > MaxDnsNames)
        {
            throw NotAllowed($"at most {MaxDnsNames} DNS names fit in one certificate");
        }

        var result = new List<string>(names.Count);
        foreach (var name in names)
        {
            var lower = RequireDnsName(name).ToLowerInvariant();
            if (!result.Contains(lower))
            {
                result.Add(lower);
            }
        }

        return result;
    }

    /// <summary>LDH labels (RFC 1123), ASCII only (IDNs arrive as punycode), a wildcard only as the whole first label.</summary>
    private static string RequireDnsName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxDnsNameLength)
        {
            throw NotAllowed($"a DNS name has 1 to {MaxDnsNameLength} characters");
        }

        if (IPAddress.TryParse(name, out _))
        {
            throw NotAllowed($"'{name}' is an IP address, not a DNS name");
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            var wildcard = i == 0 && label == "*" && labels.Length > 2;
            if (!wildcard && !IsLdhLabel(label))
            {
                throw NotAllowed($"'{name}' is not a DNS name (letters, digits and inner hyphens per label; '*' only as a whole first label)");
            }
        }

        return name;
    }

    private static bool IsLdhLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static PkiException NotAllowed(string reason) => new(PkiErrorCode.NameNotAllowed, "Name not allowed: " + reason + ".");
}
