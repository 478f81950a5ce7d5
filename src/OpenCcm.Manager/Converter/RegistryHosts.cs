using OpenCcm.Oci;

namespace OpenCcm.Manager.Converter;

/// <summary>The registry host of a stored registry's URL, spelled as <see cref="ImageReference.Registry"/> spells it.</summary>
internal static class RegistryHosts
{
    /// <summary>"https://Registry.example.com:5000/v2/" → "registry.example.com:5000"; Docker Hub's aliases → "docker.io"; null when not a registry host.</summary>
    public static string? FromUrl(string url)
    {
        var host = url.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var prefix = host[..scheme].ToLowerInvariant();
            if (prefix is not ("http" or "https"))
            {
                return null;
            }

            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        host = (slash >= 0 ? host[..slash] : host).ToLowerInvariant();
        if (host is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com")
        {
            host = ImageReference.DockerHub;
        }

        // The reference parser decides what a registry host is; a host it would read as a Docker Hub path is refused.
        return host.Length > 0 && ImageReference.TryParse(host + "/probe", out var reference, out _) && reference.Registry == host ? host : null;
    }
}
