using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Runtime.Certificates;

/// <summary>A certificate the manager issued to this workload, with its private key and the PEM the runtime wrote.</summary>
public sealed class WorkloadCredential : IDisposable
{
    public WorkloadCredential(X509Certificate2 certificate, AsymmetricAlgorithm privateKey, string certificatePem, string caChainPem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey is not (ECDsa or RSA))
        {
            throw new ArgumentException("The key is ECDSA or RSA.", nameof(privateKey));
        }

        Certificate = certificate;
        PrivateKey = privateKey;
        CertificatePem = certificatePem;
        CaChainPem = caChainPem;
    }

    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm PrivateKey { get; }

    /// <summary>The leaf certificate, PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>The issuing CA chain up to the zone root, PEM (may be empty).</summary>
    public string CaChainPem { get; }

    public DateTimeOffset NotBefore => Certificate.NotBefore.ToUniversalTime();

    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();

    /// <summary>The private key as PKCS#8 PEM ("BEGIN PRIVATE KEY"), which OpenSSL, Go, Java and .NET all read.</summary>
    public string PrivateKeyPem() => PrivateKey.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        Certificate.Dispose();
        PrivateKey.Dispose();
    }
}
