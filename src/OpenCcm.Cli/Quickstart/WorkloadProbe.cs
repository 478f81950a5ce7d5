using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// One HTTPS request to the demo workload as a client of the zone would make it: the demo domain (SNI and Host) resolved to
/// 127.0.0.1, the server's certificate valid for that name and chaining to the zone root — the only trust anchor.
/// </summary>
internal static class WorkloadProbe
{
    public sealed record Answer(HttpStatusCode Status, string Body, string ServerCertificatePem);

    public static async Task<Answer> GetAsync(Uri url, X509Certificate2 zoneRoot, CancellationToken cancellationToken)
    {
        string? presented = null;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    // The name must match; only the chain's trust is judged again, against the zone root alone.
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    using var zoneChain = new X509Chain();
                    zoneChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    zoneChain.ChainPolicy.CustomTrustStore.Add(zoneRoot);
                    zoneChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    if (chain is not null)
                    {
                        zoneChain.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
                        foreach (var element in chain.ChainElements)
                        {
                            zoneChain.ChainPolicy.ExtraStore.Add(element.Certificate);
                        }
                    }

                    if (!zoneChain.Build(leaf))
                    {
                        return false;
                    }

                    presented = leaf.ExportCertificatePem();
                    return true;
                },
            },
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new Answer(response.StatusCode, body, presented ?? throw new InvalidOperationException("no server certificate was checked"));
    }
}
