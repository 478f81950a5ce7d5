using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Agent.Enrollment;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Agent.LocalApi;

/// <summary>
/// Attestation certificates: what /v1/enclave/attest answers (the Fortanix FQPE's "app_cert"). Subject and key are the
/// CSR's; issuer is the node certificate's subject; signed ECDSA SHA-256 with the node key; the verified REPORT rides in
/// <see cref="AgentOids.LocalAttestationReport"/> so /v1/certificate/issue can forward it without state. Not a CA
/// product: nothing chains through it; only this agent accepts it back, after checking its signature with the node key.
/// </summary>
internal static class AttestationCertificates
{
    public static byte[] Issue(NodeIdentity node, ParsedAttestationCsr csr, SgxReport report, DateTimeOffset now, TimeSpan lifetime)
    {
        var request = new CertificateRequest(csr.Request.SubjectName, csr.Request.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(csr.Request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(node.Certificate, true, false));
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(report.Raw.Span);
        request.CertificateExtensions.Add(new X509Extension(AgentOids.LocalAttestationReport, value.Encode(), false));
        var notAfter = now + lifetime < node.NotAfter ? now + lifetime : node.NotAfter;
        using var certificate = request.Create(
            node.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(node.Key), now.AddMinutes(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        return certificate.RawData;
    }

    /// <summary>
    /// Checks that <paramref name="der"/> is an attestation certificate of this node (issuer name and signature by the node
    /// key), valid at <paramref name="now"/>, for the key <paramref name="subjectPublicKeyInfo"/>, and returns its REPORT.
    /// </summary>
    public static SgxReport Verify(NodeIdentity node, ReadOnlyMemory<byte> der, ReadOnlySpan<byte> subjectPublicKeyInfo, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException e)
        {
            throw Invalid($"The embedded attestation certificate does not parse: {e.Message}");
        }

        using (certificate)
        {
            if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(node.Certificate.SubjectName.RawData) || !IsSignedBy(der, node.Key))
            {
                throw Invalid("The embedded attestation certificate was not issued by this node agent (its node key).");
            }

            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                throw Invalid($"The embedded attestation certificate is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u}).");
            }

            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(subjectPublicKeyInfo))
            {
                throw Invalid("The embedded attestation certificate is for another key than the CSR's.");
            }

            var extension = certificate.Extensions[AgentOids.LocalAttestationReport]
                ?? throw Invalid("The embedded attestation certificate carries no REPORT.");
            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var report = reader.ReadOctetString();
                reader.ThrowIfNotEmpty();
                return SgxReport.Parse(report);
            }
            catch (Exception e) when (e is AsnContentException or Attestation.EvidenceFormatException)
            {
                throw Invalid($"The embedded attestation certificate's REPORT is malformed: {e.Message}");
            }
        }
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §4.1).
    private static bool IsSignedBy(ReadOnlyMemory<byte> der, ECDsa key)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var tbs = certificate.ReadEncodedValue();
            var algorithm = certificate.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != "1.2.840.10045.4.3.2")
            {
                return false;
            }

            var signature = certificate.ReadBitString(out var unused);
            certificate.ThrowIfNotEmpty();
            return unused == 0 && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static LocalProblem Invalid(string detail) => LocalProblem.Forbidden(AgentErrorCodes.AttestationCertificateInvalid, detail);
}
