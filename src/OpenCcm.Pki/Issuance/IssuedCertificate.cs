using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>A certificate the zone CA signed and then checked (names, identity, issuer, signature).</summary>
public sealed class IssuedCertificate : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate;

    internal IssuedCertificate(byte[] der, LeafPlan plan, string caChainPem)
    {
        Der = der;
        Identity = plan.Identity;
        DnsNames = plan.DnsNames;
        NotBefore = plan.NotBefore;
        NotAfter = plan.NotAfter;
        SerialNumber = Convert.ToHexStringLower(plan.SerialNumber);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(plan.CommonName);
        Subject = subject.Build().Name;
        Pem = PemEncoding.WriteString("CERTIFICATE", der) + "\n";
        CaChainPem = caChainPem;
        _certificate = new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadCertificate(Der));
    }

    /// <summary>
    /// The certificate as the platform decodes it, loaded on first use: the issuance path itself needs only the bytes,
    /// and decoding costs more than signing (see <see cref="LeafCertificateSigner"/>).
    /// </summary>
    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>Big-endian lowercase hex, as <see cref="Revocation.RevokedCertificate.SerialNumber"/> takes it.</summary>
    public string SerialNumber { get; }

    /// <summary>The subject as <see cref="X500DistinguishedName.Name"/> renders it (e.g. <c>CN=app.example.com</c>).</summary>
    public string Subject { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public AttestedIdentity Identity { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public byte[] Der { get; }

    public string Pem { get; }

    /// <summary>The issuing CA's chain: intermediate, root (PEM; the authority's own string, shared by every issuance).</summary>
    public string CaChainPem { get; }

    /// <summary>Leaf, intermediate, root (PEM), built when asked for.</summary>
    public string ChainPem => Pem + CaChainPem;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
