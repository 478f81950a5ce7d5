using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>The parsed structure of a DCAP quote v3, for <c>ccm evidence inspect</c>. Nothing here is verified.</summary>
public sealed class DcapQuoteInspector : IEvidenceInspector
{
    public IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence)
    {
        var quote = DcapQuote.Parse(evidence);
        var header = quote.Header;
        var map = new Dictionary<string, object?>
        {
            ["header"] = new Dictionary<string, object?>
            {
                ["version"] = header.Version,
                ["attestationKeyType"] = header.AttestationKeyType,
                ["teeType"] = header.TeeType,
                ["qeSvn"] = header.QeSvn,
                ["pceSvn"] = header.PceSvn,
                ["qeVendorId"] = Bytes.Hex(header.QeVendorId),
                ["userData"] = Bytes.Hex(header.UserData),
            },
            ["enclaveReport"] = Describe(quote.EnclaveReport),
            ["signatureDataLength"] = quote.Raw.Length - 436,
            ["signature"] = Bytes.Hex(quote.Signature.Span),
            ["attestationKey"] = Bytes.Hex(quote.AttestationKey.Span),
            ["qeReport"] = Describe(quote.Certification.QeReport),
            ["qeReportSignature"] = Bytes.Hex(quote.Certification.QeReportSignature.Span),
            ["qeAuthData"] = Bytes.Hex(quote.Certification.AuthData.Span),
            ["certificationDataType"] = $"{(int)quote.Certification.Type} ({quote.Certification.Type})",
            ["certificationDataLength"] = quote.Certification.Data.Length,
            ["quoteLength"] = quote.Raw.Length,
            ["trailingBytes"] = quote.TrailingLength,
        };
        if (quote.Certification.Type is CertificationDataType.PckCertificateChain or CertificationDataType.PckLeafCertificate)
        {
            var certificates = PemBundle.ReadCertificates(quote.Certification.Data.Span);
            map["certificates"] = certificates.Select(DescribeCertificate).ToArray();
            var pck = certificates.FirstOrDefault(c => c.Extensions[PckCertificateExtensions.SgxExtensionsOid] is not null);
            if (pck is not null)
            {
                map["pckExtensions"] = DescribePck(PckCertificateExtensions.Read(pck));
            }
        }

        return map;
    }

    internal static Dictionary<string, object?> Describe(SgxReportBody body) => new()
    {
        ["cpuSvn"] = Bytes.Hex(body.CpuSvn),
        ["miscSelect"] = Bytes.Hex(body.Raw.Span.Slice(16, 4)),
        ["attributes"] = Bytes.Hex(body.Attributes),
        ["mrenclave"] = Bytes.Hex(body.MrEnclave),
        ["mrsigner"] = Bytes.Hex(body.MrSigner),
        ["configId"] = Bytes.Hex(body.ConfigId),
        ["isvProdId"] = body.IsvProdId,
        ["isvSvn"] = body.IsvSvn,
        ["configSvn"] = body.ConfigSvn,
        ["isvFamilyId"] = Bytes.Hex(body.IsvFamilyId),
        ["reportData"] = Bytes.Hex(body.ReportData),
        ["debug"] = body.Debug,
    };

    private static Dictionary<string, object?> DescribeCertificate(X509Certificate2 certificate) => new()
    {
        ["subject"] = certificate.Subject,
        ["issuer"] = certificate.Issuer,
        ["serial"] = certificate.SerialNumber.ToLowerInvariant(),
        ["notBefore"] = certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["notAfter"] = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["sha256"] = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
    };

    private static Dictionary<string, object?> DescribePck(PckCertificateExtensions pck) => new()
    {
        ["ppid"] = Bytes.Hex(pck.Ppid),
        ["fmspc"] = Bytes.Hex(pck.Fmspc),
        ["pceId"] = Bytes.Hex(pck.PceId),
        ["pceSvn"] = pck.PceSvn,
        ["cpuSvn"] = Bytes.Hex(pck.CpuSvn),
        ["tcbComponents"] = pck.TcbComponents.Select(c => (int)c).ToArray(),
        ["sgxType"] = pck.SgxType,
        ["platformInstanceId"] = pck.PlatformInstanceId is null ? null : Bytes.Hex(pck.PlatformInstanceId),
        ["configuration"] = pck.Configuration,
    };
}
