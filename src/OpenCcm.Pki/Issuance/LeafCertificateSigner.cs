using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Turns a <see cref="LeafPlan"/> into a DER certificate signed by the intermediate. Only the CSR's public key is
/// taken from the CSR, so nothing else it asked for can slip into the certificate.
/// </summary>
/// <remarks>
/// The TBSCertificate is written with <see cref="AsnWriter"/> exactly as <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>
/// writes it (a test compares the bytes), from extensions the platform builds, and signed by the platform's
/// <see cref="X509SignatureGenerator"/>. Why not CertificateRequest.Create itself: it hands back an X509Certificate2,
/// and on OpenSSL 3.0 decoding a certificate costs ≈ 160 µs (its key goes through the provider decoder framework),
/// six times the P-256 signature — the largest single cost of an issuance. The result is checked by
/// <see cref="IssuedCertificateChecker"/> from its own decoding before anyone sees it.
/// </remarks>
internal static class LeafCertificateSigner
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);
    private const int Version3 = 2;

    public static byte[] Sign(LeafPlan plan, LeafIssuer issuer)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(plan.CommonName);
        var tbs = EncodeTbsCertificate(plan, subject.Build(), issuer);
        var signature = issuer.Signer.SignData(tbs, issuer.Hash);

        var writer = new AsnWriter(AsnEncodingRules.DER, tbs.Length + signature.Length + 32);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(issuer.SignatureAlgorithm);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    /// <summary>RFC 5280 §4.1: TBSCertificate, v3, with the extensions in the order a relying party reads them.</summary>
    public static byte[] EncodeTbsCertificate(LeafPlan plan, X500DistinguishedName subject, LeafIssuer issuer)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER, 1024);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(VersionTag))
            {
                writer.WriteInteger(Version3);
            }

            writer.WriteInteger(plan.SerialNumber);
            writer.WriteEncodedValue(issuer.SignatureAlgorithm);
            writer.WriteEncodedValue(issuer.Name.RawData);
            using (writer.PushSequence())
            {
                WriteTime(writer, plan.NotBefore);
                WriteTime(writer, plan.NotAfter);
            }

            writer.WriteEncodedValue(subject.RawData);
            writer.WriteEncodedValue(plan.Csr.SubjectPublicKeyInfo);
            using (writer.PushSequence(ExtensionsTag))
            using (writer.PushSequence())
            {
                foreach (var extension in Extensions(plan, issuer))
                {
                    WriteExtension(writer, extension);
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>The leaf's extensions, built by the platform's extension types.</summary>
    public static IEnumerable<X509Extension> Extensions(LeafPlan plan, LeafIssuer issuer)
    {
        yield return new X509BasicConstraintsExtension(false, false, 0, true);
        yield return new X509KeyUsageExtension(plan.KeyUsages, true);
        yield return new X509EnhancedKeyUsageExtension(Oids(plan.ExtendedKeyUsages), false);
        yield return new X509SubjectKeyIdentifierExtension(plan.Csr.PublicKey, false);
        yield return issuer.AuthorityKeyIdentifier;
        if (SubjectAlternativeName(plan.DnsNames) is { } names)
        {
            yield return names;
        }

        yield return AttestedIdentityExtension.Create(plan.Identity);
    }

    /// <summary>The subjectAltName for exactly these names, or null for none (the subject CN is never empty, so non-critical).</summary>
    public static X509Extension? SubjectAlternativeName(IReadOnlyList<string> dnsNames)
    {
        if (dnsNames.Count == 0)
        {
            return null;
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            builder.AddDnsName(name);
        }

        return builder.Build(false);
    }

    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds (the plan truncated them).
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        if (time.UtcDateTime.Year is >= 1950 and < 2050)
        {
            writer.WriteUtcTime(time);
        }
        else
        {
            writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }
    }

    // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE (omitted when false in DER), extnValue OCTET STRING }
    private static void WriteExtension(AsnWriter writer, X509Extension extension)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(extension.Oid!.Value!);
            if (extension.Critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(extension.RawData);
        }
    }

    private static OidCollection Oids(IEnumerable<string> values)
    {
        var oids = new OidCollection();
        foreach (var value in values)
        {
            oids.Add(new Oid(value));
        }

        return oids;
    }
}
