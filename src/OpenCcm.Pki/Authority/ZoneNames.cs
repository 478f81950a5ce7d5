using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

/// <summary>
/// Subject names of a zone's CA certificates: "O=&lt;account id&gt;, OU=&lt;zone id&gt;, CN=&lt;role&gt;", so any certificate
/// of the chain says which account and zone it belongs to (Fortanix puts the same ids in its zone root's subject).
/// </summary>
internal static class ZoneNames
{
    public const string RootCommonName = "OpenCCM Zone Root";
    public const string IntermediateCommonName = "OpenCCM Zone Issuing CA";

    /// <summary>X.520 upper bounds: ub-organization-name and ub-organizational-unit-name are 64.</summary>
    public const int MaxIdLength = 64;

    private const string OrganizationOid = "2.5.4.10";
    private const string OrganizationalUnitOid = "2.5.4.11";

    public static X500DistinguishedName Build(string commonName, string accountId, string zoneId)
    {
        RequireId(accountId, "account id");
        RequireId(zoneId, "zone id");
        // Encoded O, OU, CN (most general first, as X.501 names are); the builder encodes the last added first.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationalUnitName(zoneId);
        builder.AddOrganizationName(accountId);
        return builder.Build();
    }

    /// <summary>The account and zone ids a CA certificate's subject names; CaMaterialInvalid when either is missing.</summary>
    public static (string AccountId, string ZoneId) Read(X500DistinguishedName name)
    {
        string? account = null;
        string? zone = null;
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            switch (rdn.GetSingleElementType().Value)
            {
                case OrganizationOid: account = rdn.GetSingleElementValue(); break;
                case OrganizationalUnitOid: zone = rdn.GetSingleElementValue(); break;
            }
        }

        return string.IsNullOrEmpty(account) || string.IsNullOrEmpty(zone)
            ? throw new PkiException(PkiErrorCode.CaMaterialInvalid, "CA certificate subject carries no account (O) and zone (OU).")
            : (account, zone);
    }

    private static void RequireId(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxIdLength || value.Any(char.IsControl))
        {
            throw new PkiException(PkiErrorCode.NameNotAllowed, $"The {what} must have 1 to {MaxIdLength} printable characters.");
        }
    }
}
