using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Agent.Enrollment;

/// <summary>
/// What enrollment gave the node: its id, ECDSA P-256 key, node certificate (with the key, usable as a TLS client
/// certificate) and the zone chain (issuing intermediate(s) and root) that workload certificates and heartbeats chain to.
/// </summary>
internal sealed class NodeIdentity : IDisposable
{
    public NodeIdentity(Guid nodeId, ECDsa key, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain)
    {
        NodeId = nodeId;
        Key = key;
        Certificate = certificate;
        using var withKey = certificate.CopyWithPrivateKey(key);
        // Export/import so the key lives in a form TLS client authentication can use on every platform.
        ClientCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
        ZoneRoot = chain.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))
            ?? throw new InvalidDataException("The zone chain holds no self-signed root.");
        Intermediates = [.. chain.Where(c => !ReferenceEquals(c, ZoneRoot))];
        CertificatePem = certificate.ExportCertificatePem();
    }

    public Guid NodeId { get; }

    public ECDsa Key { get; }

    /// <summary>The node certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>The node certificate with its key, for mTLS to the manager.</summary>
    public X509Certificate2 ClientCertificate { get; }

    public X509Certificate2 ZoneRoot { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    public DateTimeOffset NotBefore => new(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public void Dispose()
    {
        ClientCertificate.Dispose();
        Certificate.Dispose();
        Key.Dispose();
        foreach (var certificate in Intermediates)
        {
            certificate.Dispose();
        }

        ZoneRoot.Dispose();
    }
}
