using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// Builds Fortanix's attested CSRs (reference/fortanix-ccm.md §2.4) with <see cref="CertificateRequest"/>, signed SHA-256
/// with ECDSA or RSA PKCS#1 v1.5:
/// CSR #1 (to <c>/v1/enclave/attest</c>): subject CN + SGX components of the REPORT, optional DNS SAN, attribute
/// attestationInlineSgxLocal = SEQ{keyid, mac}; CSR #2 (to <c>/v1/certificate/issue</c>): the same subject and SAN,
/// attribute attestationEmbeddedFqpe = SEQ{app_cert, node_cert}.
/// </summary>
public static class AttestationCsr
{
    /// <summary>CSR #1 for <paramref name="report"/> (whose report data should be <see cref="ReportDataBinding.For"/> of the key's SPKI), DER.</summary>
    public static byte[] CreateLocal(AsymmetricAlgorithm key, string commonName, IReadOnlyList<string> dnsNames, SgxReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var request = NewRequest(key, SubjectFor(commonName, report.Body), dnsNames);
        request.OtherRequestAttributes.Add(new AsnEncodedData(FortanixOids.AttestationInlineSgxLocal, TwoOctetStrings(report.KeyId, report.Mac)));
        return request.CreateSigningRequest();
    }

    /// <summary>CSR #2 naming the same subject as CSR #1 for <paramref name="reportBody"/>, carrying the attestation and node certificates, DER.</summary>
    public static byte[] CreateEmbeddedFqpe(
        AsymmetricAlgorithm key, string commonName, IReadOnlyList<string> dnsNames, SgxReportBody reportBody, ReadOnlySpan<byte> attestationCertificate,
        ReadOnlySpan<byte> nodeCertificate) =>
        CreateEmbeddedFqpe(key, SubjectFor(commonName, reportBody), dnsNames, attestationCertificate, nodeCertificate);

    /// <summary>CSR #2 with an explicit subject (e.g. CSR #1's), DER.</summary>
    public static byte[] CreateEmbeddedFqpe(
        AsymmetricAlgorithm key, X500DistinguishedName subject, IReadOnlyList<string> dnsNames, ReadOnlySpan<byte> attestationCertificate,
        ReadOnlySpan<byte> nodeCertificate)
    {
        var request = NewRequest(key, subject, dnsNames);
        request.OtherRequestAttributes.Add(new AsnEncodedData(FortanixOids.AttestationEmbeddedFqpe, TwoOctetStrings(attestationCertificate, nodeCertificate)));
        return request.CreateSigningRequest();
    }

    /// <summary>PEM of a CSR's DER.</summary>
    public static string ToPem(ReadOnlySpan<byte> der) => PemEncoding.WriteString("CERTIFICATE REQUEST", der);

    /// <summary>The subject of an attested CSR: CN then the SGX components of <paramref name="reportBody"/>.</summary>
    public static X500DistinguishedName SubjectFor(string commonName, SgxReportBody reportBody) =>
        AttestedSubject.Build(commonName, SgxSubjectIdentity.FromReportBody(reportBody));

    /// <summary>DER SEQUENCE { OCTET STRING, OCTET STRING }, the shape of both attestation attributes.</summary>
    internal static byte[] TwoOctetStrings(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(first);
            writer.WriteOctetString(second);
        }

        return writer.Encode();
    }

    private static CertificateRequest NewRequest(AsymmetricAlgorithm key, X500DistinguishedName subject, IReadOnlyList<string> dnsNames)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        var request = key switch
        {
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            null => throw new ArgumentNullException(nameof(key)),
            _ => throw new ArgumentException($"Only ECDSA and RSA keys are supported, not {key.GetType().Name}.", nameof(key)),
        };
        if (dnsNames.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                names.AddDnsName(name);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        return request;
    }
}
