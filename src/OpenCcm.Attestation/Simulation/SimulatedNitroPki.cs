using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Issues the certificates of the simulated Nitro PKI, shaped like AWS's (ECDSA P-384, ecdsa-with-SHA384): a root,
/// one intermediate (AWS has four: regional, zonal, instance), and a short-lived leaf per document. Every certificate
/// carries the non-critical <see cref="OpenCcmOids.SimulatedTee"/> extension naming "nitro".
/// </summary>
internal static class SimulatedNitroPki
{
    public const string PlatformName = "nitro";

    /// <summary>AWS leaf certificates live three hours (nitro/A: 10:19:20–13:19:20).</summary>
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromHours(3);

    /// <summary>Leaves start a minute before the document so a verifier whose clock lags slightly still accepts them.</summary>
    public static readonly TimeSpan LeafBackdating = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(365 * 30);

    public static X509Certificate2 CreateRoot(ECDsa key, DateTimeOffset now)
    {
        var request = NewRequest("CN=OpenCCM simulated aws.nitro-enclaves, OU=Simulated Nitro, O=OpenCCM", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now + CaLifetime);
    }

    public static X509Certificate2 CreateIntermediate(X509Certificate2 root, ECDsa rootKey, ECDsa key, DateTimeOffset now)
    {
        var request = NewRequest("CN=OpenCCM simulated nitro-enclaves intermediate, OU=Simulated Nitro, O=OpenCCM", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        return Issue(request, root, rootKey, now.AddDays(-1), now + CaLifetime - TimeSpan.FromDays(1));
    }

    public static X509Certificate2 CreateLeaf(string moduleId, X509Certificate2 intermediate, ECDsa intermediateKey, ECDsa key, DateTimeOffset time)
    {
        var request = NewRequest($"CN={moduleId}.simulated.nitro-enclaves, OU=Simulated Nitro, O=OpenCCM", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds()) - LeafBackdating;
        return Issue(request, intermediate, intermediateKey, notBefore, notBefore + LeafBackdating + LeafLifetime);
    }

    private static CertificateRequest NewRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        var marker = new AsnWriter(AsnEncodingRules.DER);
        marker.WriteCharacterString(UniversalTagNumber.UTF8String, PlatformName);
        request.CertificateExtensions.Add(new X509Extension(OpenCcmOids.SimulatedTee, marker.Encode(), false));
        return request;
    }

    // The generator overload signs with the issuer's key without a certificate-with-private-key object.
    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }
}
