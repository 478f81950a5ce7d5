using System.Security.Cryptography.X509Certificates;
using OpenCcm.Manager.Hosting;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Tls;

/// <summary>
/// The manager's HTTPS identity for this run: its CA (created on first start, sealed in the data directory) and a
/// server certificate for the addresses it listens on, issued afresh at every start (the server key lives only in memory).
/// </summary>
internal sealed class ManagerTls : IDisposable
{
    private ManagerTls(string caCertificatePem, X509Certificate2 caCertificate, X509Certificate2 serverCertificate, ServerNames names)
    {
        CaCertificatePem = caCertificatePem;
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
        Names = names;
    }

    public string CaCertificatePem { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public ServerNames Names { get; }

    public static ManagerTls Create(ManagerOptions options, SecretSealer sealer, TimeProvider time)
    {
        var names = ServerNameResolver.Resolve(ListenAddresses.Parse(options.Listen), options.ServerNames);
        using var authority = ManagerCaStore.LoadOrCreate(options.DataDirectory, sealer, time);
        var server = authority.IssueServerCertificate(names, time);
        return new ManagerTls(authority.CertificatePem, X509CertificateLoader.LoadCertificate(authority.Certificate.RawData), server, names);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
