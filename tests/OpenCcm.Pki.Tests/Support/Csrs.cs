using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Tests.Support;

/// <summary>CSRs made with the platform's CertificateRequest, as a well-behaved workload would.</summary>
internal static class Csrs
{
    public static byte[] Ecdsa(ECDsa key, string commonName = "workload", params string[] dnsNames)
    {
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        AddNames(request, dnsNames);
        return request.CreateSigningRequest();
    }

    public static byte[] Rsa(RSA key, string commonName = "workload", params string[] dnsNames)
    {
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddNames(request, dnsNames);
        return request.CreateSigningRequest();
    }

    public static byte[] NewP256(params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Ecdsa(key, "workload", dnsNames);
    }

    private static void AddNames(CertificateRequest request, string[] dnsNames)
    {
        if (dnsNames.Length == 0)
        {
            return;
        }

        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
    }
}
