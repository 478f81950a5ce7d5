using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>A certificate the zone CA signed and then checked (chain, names, identity).</summary>
public sealed class IssuedCertificate : IDisposable
{
    internal IssuedCertificate(X509Certificate2 certificate, AttestedIdentity identity, IReadOnlyList<string> dnsNames, string caChainPem)
    {
        Certificate = certificate;
        Identity = identity;
        DnsNames = dnsNames;
        SerialNumber = Convert.ToHexStringLower(certificate.SerialNumberBytes.Span);
        Pem = certificate.ExportCertificatePem() + "\n";
        ChainPem = Pem + caChainPem;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Big-endian lowercase hex, as <see cref="Revocation.RevokedCertificate.SerialNumber"/> takes it.</summary>
    public string SerialNumber { get; }

    public DateTimeOffset NotBefore => new DateTimeOffset(Certificate.NotBefore).ToUniversalTime();

    public DateTimeOffset NotAfter => new DateTimeOffset(Certificate.NotAfter).ToUniversalTime();

    public AttestedIdentity Identity { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public byte[] Der => Certificate.RawData;

    public string Pem { get; }

    /// <summary>Leaf, intermediate, root (PEM).</summary>
    public string ChainPem { get; }

    public void Dispose() => Certificate.Dispose();
}
