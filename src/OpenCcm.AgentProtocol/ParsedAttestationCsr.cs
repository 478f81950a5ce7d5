using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.AgentProtocol;

/// <summary>A workload's attestation attribute: the REPORT's KEYID and MAC (CSR #1).</summary>
public sealed record InlineSgxLocalAttestation(ReadOnlyMemory<byte> KeyId, ReadOnlyMemory<byte> Mac);

/// <summary>The certificates CSR #2 embeds: the agent's attestation certificate and the node certificate (DER).</summary>
public sealed record EmbeddedFqpeAttestation(ReadOnlyMemory<byte> AttestationCertificate, ReadOnlyMemory<byte> NodeCertificate);

/// <summary>
/// A CSR whose signature verified, with what the Fortanix formats put in it: CN, DNS SANs, SGX subject identity and the
/// attestation attributes. Parse with <see cref="Parse(string)"/>; malformed input throws <see cref="AttestationCsrException"/>.
/// </summary>
public sealed class ParsedAttestationCsr
{
    private ParsedAttestationCsr(byte[] der, CertificateRequest request)
    {
        Der = der;
        Request = request;
        SubjectPublicKeyInfo = request.PublicKey.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The CSR's exact DER.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    public CertificateRequest Request { get; }

    /// <summary>The DER SubjectPublicKeyInfo, what the report data binds.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    public string? CommonName { get; private set; }

    public IReadOnlyList<string> DnsNames { get; private set; } = [];

    /// <summary>The SGX identity of the subject, or null when it carries none.</summary>
    public SgxSubjectIdentity? SgxIdentity { get; private set; }

    /// <summary>attestationInlineSgxLocal, or null.</summary>
    public InlineSgxLocalAttestation? InlineSgxLocal { get; private set; }

    /// <summary>attestationEmbeddedFqpe, or null.</summary>
    public EmbeddedFqpeAttestation? EmbeddedFqpe { get; private set; }

    /// <summary>Parses a PEM CSR (one CERTIFICATE REQUEST block).</summary>
    public static ParsedAttestationCsr Parse(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual("CERTIFICATE REQUEST"))
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, "Expected a PEM CERTIFICATE REQUEST.");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out _))
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, "The PEM's base64 is invalid.");
        }

        return Parse(der);
    }

    /// <summary>Parses a DER CSR, verifying its signature (SHA-256 ECDSA or RSA PKCS#1 v1.5).</summary>
    public static ParsedAttestationCsr Parse(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequest(
                der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"The CSR does not parse or its signature does not verify: {e.Message}", e);
        }

        var parsed = new ParsedAttestationCsr(der, request);
        (parsed.CommonName, parsed.SgxIdentity) = AttestedSubject.Parse(request.SubjectName);
        parsed.DnsNames = ReadDnsNames(request);
        foreach (var attribute in request.OtherRequestAttributes)
        {
            switch (attribute.Oid?.Value)
            {
                case FortanixOids.AttestationInlineSgxLocal when parsed.InlineSgxLocal is null:
                    var (keyId, mac) = ReadTwoOctetStrings(attribute.RawData, "attestationInlineSgxLocal");
                    if (keyId.Length != Attestation.Sgx.SgxReport.KeyIdSize || mac.Length != Attestation.Sgx.SgxReport.MacSize)
                    {
                        throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, "attestationInlineSgxLocal needs a 32-byte keyid and a 16-byte mac.");
                    }

                    parsed.InlineSgxLocal = new InlineSgxLocalAttestation(keyId, mac);
                    break;
                case FortanixOids.AttestationEmbeddedFqpe when parsed.EmbeddedFqpe is null:
                    var (appCert, nodeCert) = ReadTwoOctetStrings(attribute.RawData, "attestationEmbeddedFqpe");
                    parsed.EmbeddedFqpe = new EmbeddedFqpeAttestation(appCert, nodeCert);
                    break;
                case FortanixOids.AttestationInlineSgxLocal or FortanixOids.AttestationEmbeddedFqpe:
                    throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"Attribute {attribute.Oid?.Value} appears more than once.");
                default:
                    break;
            }
        }

        return parsed;
    }

    private static (byte[] First, byte[] Second) ReadTwoOctetStrings(byte[] der, string name)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var first = sequence.ReadOctetString();
            var second = sequence.ReadOctetString();
            sequence.ThrowIfNotEmpty();
            return (first, second);
        }
        catch (AsnContentException e)
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"{name} must be SEQUENCE {{ OCTET STRING, OCTET STRING }}: {e.Message}", e);
        }
    }

    private static List<string> ReadDnsNames(CertificateRequest request)
    {
        var names = new List<string>();
        foreach (var extension in request.CertificateExtensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
            }
            else if (extension.Oid?.Value == "2.5.29.17")
            {
                try
                {
                    names.AddRange(new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical).EnumerateDnsNames());
                }
                catch (CryptographicException e)
                {
                    throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"The subject alternative name extension is malformed: {e.Message}", e);
                }
            }
        }

        return names;
    }
}
