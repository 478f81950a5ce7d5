using System.Security.Cryptography.X509Certificates;
using OpenCcm.Manager.Hosting;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Tls;

/// <summary>
/// The manager's HTTPS identity: its CA (created on first start, sealed in the data directory) and a server
/// certificate for the addresses it listens on, issued at start and re-issued once two thirds of its lifetime have
/// passed (the server key lives only in memory). Kestrel asks for <see cref="ServerCertificate"/> at every handshake,
/// so a manager that runs for years keeps serving a valid certificate without a restart.
/// </summary>
internal sealed class ManagerTls : IDisposable
{
    /// <summary>After a failed renewal (the CA file unreadable, say), how long the current certificate is served before the next try.</summary>
    public static readonly TimeSpan RenewalRetry = TimeSpan.FromHours(1);

    private readonly string _dataDirectory;
    private readonly SecretSealer _sealer;
    private readonly TimeProvider _time;
    private readonly Lock _renewing = new();
    private readonly List<X509Certificate2> _retired = [];
    private volatile X509Certificate2 _current;
    private long _renewAtTicks; // UTC ticks; a long so that the per-handshake check reads it whole

    private ManagerTls(string dataDirectory, SecretSealer sealer, TimeProvider time, string caCertificatePem, X509Certificate2 caCertificate, X509Certificate2 serverCertificate, ServerNames names)
    {
        _dataDirectory = dataDirectory;
        _sealer = sealer;
        _time = time;
        CaCertificatePem = caCertificatePem;
        CaCertificate = caCertificate;
        Names = names;
        _current = serverCertificate;
        _renewAtTicks = RenewalTime(serverCertificate).UtcTicks;
    }

    public string CaCertificatePem { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>The server certificate with its private key, for Kestrel; renewed here when it is due.</summary>
    public X509Certificate2 ServerCertificate
    {
        get
        {
            if (_time.GetUtcNow().UtcTicks >= Volatile.Read(ref _renewAtTicks))
            {
                Renew();
            }

            return _current;
        }
    }

    public ServerNames Names { get; }

    public static ManagerTls Create(ManagerOptions options, SecretSealer sealer, TimeProvider time)
    {
        var names = ServerNameResolver.Resolve(ListenAddresses.Parse(options.Listen), options.ServerNames);
        using var authority = ManagerCaStore.LoadOrCreate(options.DataDirectory, sealer, time);
        var server = authority.IssueServerCertificate(names, time);
        return new ManagerTls(options.DataDirectory, sealer, time, authority.CertificatePem, X509CertificateLoader.LoadCertificate(authority.Certificate.RawData), server, names);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        _current.Dispose();
        _retired.ForEach(certificate => certificate.Dispose());
    }

    private void Renew()
    {
        lock (_renewing)
        {
            var now = _time.GetUtcNow();
            if (now.UtcTicks < _renewAtTicks)
            {
                return; // another handshake renewed it
            }

            try
            {
                using var authority = ManagerCaStore.Open(_dataDirectory, _sealer);
                var renewed = authority.IssueServerCertificate(Names, _time);
                // The previous one may still be in a handshake: retired, disposed with the manager.
                _retired.Add(_current);
                _current = renewed;
                Volatile.Write(ref _renewAtTicks, RenewalTime(renewed).UtcTicks);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                Volatile.Write(ref _renewAtTicks, (now + RenewalRetry).UtcTicks); // keep serving the current one while it is valid; try again later
            }
        }
    }

    private static DateTimeOffset RenewalTime(X509Certificate2 certificate)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return notBefore + (notAfter - notBefore) * 2 / 3;
    }
}
