using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace OpenCcm.Manager.Tls;

/// <summary>Kestrel's HTTPS settings for every https:// listen address.</summary>
internal static class ManagerTlsKestrel
{
    /// <summary>
    /// Serves the manager's server certificate and lets clients present a certificate without requiring one
    /// (<see cref="ClientCertificateMode.AllowCertificate"/>): node agents will authenticate with their node
    /// certificates over mTLS, and the endpoints that accept them validate them against the zone chain themselves.
    /// No endpoint uses client certificates yet.
    /// </summary>
    public static void UseManagerTls(this KestrelServerOptions kestrel) =>
        kestrel.ConfigureHttpsDefaults(https =>
        {
            // Runs when the endpoints bind, after the container is built; the selector runs at every handshake, so a
            // renewed server certificate is served from then on (ManagerTls).
            var tls = kestrel.ApplicationServices.GetRequiredService<ManagerTls>();
            https.ServerCertificateSelector = (_, _) => tls.ServerCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        });
}
