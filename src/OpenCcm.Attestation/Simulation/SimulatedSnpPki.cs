using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// Issues the certificates of a simulated AMD key hierarchy shaped like AMD's (evidence-formats.md §8.4): ARK and
/// ASK are RSA keys signing with RSASSA-PSS SHA-384 (salt 48), the VCEK is ECDSA P-384 with AMD's TCB and hwID
/// extensions. Every certificate carries <see cref="OpenCcmOids.SimulatedTee"/> = UTF8String "snp", and the
/// organisation "OpenCCM Simulated AMD" keeps the names apart from AMD's real ones.
/// </summary>
internal static class SimulatedSnpPki
{
    public const string PlatformName = "snp";
    private const string Organization = "OpenCCM Simulated AMD";

    // RSA-2048 instead of AMD's RSA-4096: generating and signing stay fast; the algorithm (PSS, SHA-384) is AMD's.
    public const int RsaKeySize = 2048;

    public static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationalUnitName("Engineering");
        builder.AddOrganizationName(Organization);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public static X509Certificate2 CreateArk(RSA key, SnpProduct product, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(Name(SnpCertificateNames.Ark(product)), key, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(SimulatedMarker());
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pss), notBefore, notBefore.AddYears(25), Serial());
    }

    public static X509Certificate2 CreateAsk(RSA key, SnpProduct product, X509Certificate2 ark, RSA arkKey, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(Name(SnpCertificateNames.Ask(product)), key, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ark, true, false));
        request.CertificateExtensions.Add(SimulatedMarker());
        return request.Create(ark.SubjectName, X509SignatureGenerator.CreateForRSA(arkKey, RSASignaturePadding.Pss), notBefore, notBefore.AddYears(25), Serial());
    }

    /// <summary>A VCEK certificate for <paramref name="vcekKey"/> at <paramref name="tcb"/> for chip <paramref name="hwId"/> (like AMD KDS issues).</summary>
    public static X509Certificate2 CreateVcek(
        ECDsa vcekKey, SnpProduct product, SnpTcbVersion tcb, ReadOnlySpan<byte> hwId, X509Certificate2 ask, RSA askKey, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(
            Name(SnpCertificateNames.Vcek), new PublicKey(vcekKey), HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        var extensions = request.CertificateExtensions;
        extensions.Add(Extension(SnpVekCertificate.StructVersionOid, w => w.WriteInteger(0)));
        extensions.Add(Extension(SnpVekCertificate.ProductNameOid, w => w.WriteCharacterString(UniversalTagNumber.IA5String, ProductName(product))));
        extensions.Add(Spl(SnpVekCertificate.BootLoaderSplOid, tcb.BootLoader));
        extensions.Add(Spl(SnpVekCertificate.TeeSplOid, tcb.Tee));
        extensions.Add(Spl(SnpVekCertificate.SnpSplOid, tcb.Snp));
        for (var spl = 4; spl <= 7; spl++)
        {
            extensions.Add(Spl(SnpVekCertificate.OidPrefix + "3." + spl, 0));
        }

        extensions.Add(Spl(SnpVekCertificate.MicrocodeSplOid, tcb.Microcode));
        if (tcb.Fmc is { } fmc)
        {
            extensions.Add(Spl(SnpVekCertificate.FmcSplOid, fmc));
        }

        // Raw CHIP_ID bytes as the extension value, as AMD KDS issued them (sev-snp/A).
        extensions.Add(new X509Extension(SnpVekCertificate.HwIdOid, hwId, false));
        extensions.Add(SimulatedMarker());
        return request.Create(ask.SubjectName, X509SignatureGenerator.CreateForRSA(askKey, RSASignaturePadding.Pss), notBefore, notBefore.AddYears(7), Serial());
    }

    /// <summary>An ARK-signed CRL listing <paramref name="revoked"/> (AMD's KDS publishes one per product).</summary>
    public static byte[] CreateCrl(X509Certificate2 ark, RSA arkKey, IEnumerable<X509Certificate2> revoked, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate);
        }

        return builder.Build(
            ark.SubjectName,
            X509SignatureGenerator.CreateForRSA(arkKey, RSASignaturePadding.Pss),
            BigInteger.One,
            nextUpdate,
            HashAlgorithmName.SHA384,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ark, true, false),
            thisUpdate);
    }

    public static X509Extension SimulatedMarker() =>
        Extension(OpenCcmOids.SimulatedTee, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, PlatformName));

    private static string ProductName(SnpProduct product) => product switch
    {
        SnpProduct.Milan => "Milan-B0",
        SnpProduct.Genoa => "Genoa-B1",
        _ => SnpProducts.Name(product),
    };

    private static X509Extension Spl(string oid, byte value) => Extension(oid, w => w.WriteInteger(value));

    private static X509Extension Extension(string oid, Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return new X509Extension(oid, writer.Encode(), false);
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
