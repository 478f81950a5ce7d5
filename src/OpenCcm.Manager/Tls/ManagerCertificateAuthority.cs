using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Manager.Tls;

/// <summary>
/// The manager's own CA ("OpenCCM Manager CA", ECDSA P-384, 10 years), which signs the manager's HTTPS server
/// certificate. Clients trust it through <c>&lt;data-dir&gt;/manager-ca.pem</c> or <c>GET /v1/sys/ca</c>. It is
/// separate from the zone CAs: it vouches for the manager's address, not for attested workloads.
/// </summary>
internal sealed class ManagerCertificateAuthority : IDisposable
{
    public const string CommonName = "OpenCCM Manager CA";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3653);

    /// <summary>Server certificates are issued at every start and renewed after two thirds of this (ManagerTls); 397 days is the longest lifetime browsers accept.</summary>
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(397);

    /// <summary>notBefore is set this far back so clients whose clock lags a little accept a fresh certificate.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private readonly ECDsa _key;

    private ManagerCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    public static ManagerCertificateAuthority Create(TimeProvider time)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        try
        {
            var notBefore = Truncate(time.GetUtcNow()) - Backdate;
            var subject = new X500DistinguishedName("CN=" + CommonName);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
            request.CertificateExtensions.Add(subjectKeyId);
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
            using var withKey = request.Create(subject, X509SignatureGenerator.CreateForECDsa(key), notBefore, notBefore + Lifetime, Serial());
            return new ManagerCertificateAuthority(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Adopts a stored CA: the PKCS#8 key must be the private half of the certificate's ECDSA key.</summary>
    /// <exception cref="InvalidDataException">They do not belong together, or the certificate is not a CA.</exception>
    public static ManagerCertificateAuthority Load(X509Certificate2 certificate, ReadOnlySpan<byte> pkcs8)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw new InvalidDataException("The stored manager CA certificate is not a CA certificate.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length || !key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                throw new InvalidDataException("The stored manager CA key does not belong to its certificate.");
            }

            return new ManagerCertificateAuthority(certificate, key);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new InvalidDataException("The stored manager CA key is not an ECDSA PKCS#8 key.", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The CA's private key, PKCS#8; seal it and zero the array.</summary>
    public byte[] ExportPrivateKey() => _key.ExportPkcs8PrivateKey();

    /// <summary>
    /// A TLS server certificate (ECDSA P-256, EKU serverAuth) for <paramref name="names"/>, with its private key, valid
    /// for <see cref="ServerLifetime"/> but never beyond the CA.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(ServerNames names, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(names);
        var notBefore = Truncate(time.GetUtcNow()) - Backdate;
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = notBefore + ServerLifetime < caNotAfter ? notBefore + ServerLifetime : caNotAfter;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(names.DnsNames.Count > 0 ? names.DnsNames[0] : names.Addresses[0].ToString());
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names.DnsNames)
        {
            alternativeNames.AddDnsName(name);
        }

        foreach (var address in names.Addresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(alternativeNames.Build(critical: false));
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, Serial());
        return certificate.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <summary>16 random bytes, positive (RFC 5280 §4.1.2.2).</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

/// <summary>The DNS names and IP addresses a server certificate names.</summary>
internal sealed record ServerNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses);
