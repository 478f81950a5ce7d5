using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OpenCcm.Manager.Tls;

/// <summary>
/// Which names the manager's server certificate carries: every host it listens on, <c>localhost</c>,
/// <c>127.0.0.1</c> and <c>::1</c>, the names given with <c>--server-name</c>, and for a wildcard listen address
/// (0.0.0.0 or [::]) the machine's host name and its interface addresses, since clients may reach it by any of them.
/// </summary>
internal static partial class ServerNameResolver
{
    public static ServerNames Resolve(IEnumerable<Uri> listen, IEnumerable<string> serverNames)
    {
        var dns = new List<string>();
        var addresses = new List<IPAddress>();
        foreach (var name in serverNames)
        {
            Add(name.Trim(), dns, addresses, "--server-name");
        }

        foreach (var uri in listen)
        {
            var host = uri.Host.Trim('[', ']');
            if (IPAddress.TryParse(host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            {
                Add(Dns.GetHostName(), dns, addresses, null);
                addresses.AddRange(InterfaceAddresses());
            }
            else
            {
                Add(host, dns, addresses, "--listen");
            }
        }

        Add("localhost", dns, addresses, null);
        addresses.Add(IPAddress.Loopback);
        addresses.Add(IPAddress.IPv6Loopback);
        return new ServerNames(
            [.. dns.Distinct(StringComparer.OrdinalIgnoreCase)],
            [.. addresses.Where(a => !a.IsIPv6LinkLocal).Select(a => new IPAddress(a.GetAddressBytes())).Distinct()]);
    }

    /// <summary>True for a DNS name a certificate may carry (RFC 1123 labels; a leading "*." wildcard allowed).</summary>
    public static bool IsDnsName(string name) => name.Length <= 253 && DnsName().IsMatch(name);

    private static void Add(string name, List<string> dns, List<IPAddress> addresses, string? option)
    {
        if (IPAddress.TryParse(name, out var address))
        {
            addresses.Add(address);
        }
        else if (IsDnsName(name))
        {
            dns.Add(name.ToLowerInvariant());
        }
        else if (option is not null)
        {
            throw new ArgumentException($"{option} '{name}' is neither a DNS name nor an IP address.");
        }
    }

    private static IPAddress[] InterfaceAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .ToArray();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsName();
}
