using System.Net;

namespace OpenCcm.Manager.Hosting;

/// <summary>
/// Validates the addresses the manager listens on: HTTPS anywhere; plain HTTP only on a loopback address given
/// explicitly (for local tools and tests), never by default.
/// </summary>
public static class ListenAddresses
{
    public static IReadOnlyList<Uri> Parse(IEnumerable<string> urls)
    {
        var result = new List<Uri>();
        foreach (var url in urls.DefaultIfEmpty(ManagerOptions.DefaultListen))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                throw new ArgumentException($"--listen '{url}' is not an http(s)://HOST:PORT address.");
            }

            if (uri.Scheme == "http" && !IsLoopback(uri.Host))
            {
                throw new ArgumentException($"--listen '{url}': plain HTTP is allowed only on a loopback address; use https://.");
            }

            result.Add(uri);
        }

        return result;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
