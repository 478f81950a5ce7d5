using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Creates a simulated SGX platform's secrets and PKI, shaped like Intel's (evidence-formats.md §3): Root CA → PCK
/// Platform CA (pathLen 0) → PCK certificate with the SGX extension; Root → TCB Signing. All ECDSA P-256/SHA-256.
/// Every certificate carries the <see cref="OpenCcmOids.SimulatedTee"/> extension, so no verifier can mistake it for Intel's.
/// </summary>
internal static class SimulatedSgxPki
{
    public static SimulatedSgxState Generate(DateTimeOffset now)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var notBefore = TruncateToSeconds(now).AddDays(-1);
        var root = CreateRoot(notBefore, notBefore.AddYears(30));
        var pckCa = CreateIssued(
            root, SimulatedSgxParameters.PckCaCommonName, notBefore, notBefore.AddYears(25),
            [new X509BasicConstraintsExtension(true, true, 0, true), new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)]);
        var tcb = PlatformTcb(secret);
        var pck = CreateIssued(pckCa, SimulatedSgxParameters.PckCommonName, notBefore, notBefore.AddYears(20), [.. LeafExtensions(), PckSgxExtension.Create(tcb)]);
        var tcbSigning = CreateIssued(root, SimulatedSgxParameters.TcbSigningCommonName, notBefore, notBefore.AddYears(25), LeafExtensions());
        return new SimulatedSgxState
        {
            PlatformSecret = secret,
            Root = root,
            PckCa = pckCa,
            Pck = pck,
            TcbSigning = tcbSigning,
            AttestationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256),
        };
    }

    /// <summary>What the PCK certificate of the platform with <paramref name="secret"/> states (§3).</summary>
    public static PckPlatformTcb PlatformTcb(ReadOnlySpan<byte> secret) => new(
        Derive(secret, "PPID"),
        SimulatedSgxParameters.TcbComponents,
        SimulatedSgxParameters.PceSvn,
        SimulatedSgxParameters.PceId,
        SimulatedSgxParameters.Fmspc,
        PckSgxType.Scalable,
        Derive(secret, "PLATFORM-INSTANCE-ID"),
        DynamicPlatform: true,
        CachedKeys: true,
        SmtEnabled: true);

    /// <summary>16 bytes derived from the platform secret for a per-platform identifier (PPID, QE ID, ...).</summary>
    public static byte[] Derive(ReadOnlySpan<byte> secret, string label) =>
        HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes("OpenCCM-SGX-" + label))[..16];

    /// <summary>The non-critical marker extension: DER UTF8String "sgx".</summary>
    public static X509Extension SimulatedTeeExtension()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, SimulatedSgxParameters.PlatformName);
        return new X509Extension(OpenCcmOids.SimulatedTee, writer.Encode(), critical: false);
    }

    private static X509Extension[] LeafExtensions() =>
    [
        new X509BasicConstraintsExtension(false, false, 0, true),
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true),
    ];

    private static CertifiedKey CreateRoot(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(SimulatedSgxParameters.RootCommonName, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var withKey = request.CreateSelfSigned(notBefore, notAfter);
        return new CertifiedKey(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    private static CertifiedKey CreateIssued(
        CertifiedKey issuer, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<X509Extension> extensions)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(commonName, key);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(
            issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.Key), notBefore, notAfter, serial);
        return new CertifiedKey(X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    private static CertificateRequest Request(string commonName, ECDsa key)
    {
        // Added in reverse: the builder encodes the last RDN first, and Intel's names start with CN.
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName(SimulatedSgxParameters.Organization);
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(SimulatedTeeExtension());
        return request;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
