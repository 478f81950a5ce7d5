using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Agent.Manager;

/// <summary>
/// HttpClients for the manager: HTTPS trusting only the CA file when one is given (the manager's manager-ca.pem), else
/// the system's trust; with the node certificate as TLS client certificate once enrolled (mTLS).
/// </summary>
internal static class ManagerHttp
{
    public static HttpClient Create(Uri manager, string? caFile, X509Certificate2? clientCertificate, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (caFile is not null)
        {
            var anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }

        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(manager.AbsoluteUri.TrimEnd('/') + "/"), Timeout = timeout };
    }
}
