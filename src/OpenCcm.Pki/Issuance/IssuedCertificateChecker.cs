using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Formats.Asn1;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Checks a freshly signed leaf against its plan before anyone sees it (SPIRE's credvalidator idea): a bug in
/// building or signing must fail closed, not hand out a certificate that says something nobody approved. Every field
/// is read back from the certificate's own DER (<see cref="DecodedLeafCertificate"/>); <see cref="IssuedCertificateCheck.IssuerSignature"/>
/// also verifies its signature, <see cref="IssuedCertificateCheck.FullChain"/> also has the platform decode it and build its
/// chain to the zone root.
/// </summary>
internal static class IssuedCertificateChecker
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string CommonNameOid = "2.5.4.3";
    private const int Version3 = 2;

    public static void Check(
        ReadOnlyMemory<byte> der, LeafPlan plan, LeafIssuer issuer, IssuerSignature issuerSignature,
        X509Certificate2 root, X509Certificate2 intermediate, IssuedCertificateCheck mode)
    {
        try
        {
            var certificate = DecodedLeafCertificate.Decode(der);
            CheckContents(certificate, plan);
            CheckExtensionsArePlanned(certificate, plan, issuer);
            CheckIssuer(certificate, issuer);
            if (mode != IssuedCertificateCheck.Contents && !issuerSignature.Verifies(certificate))
            {
                throw Failed("its signature does not verify under the zone intermediate's key");
            }

            if (mode == IssuedCertificateCheck.FullChain)
            {
                using var loaded = X509CertificateLoader.LoadCertificate(der.Span);
                if (!ZoneChain.TryValidate(loaded, root, intermediate, 3, plan.NotBefore, plan.ExtendedKeyUsages, out var problem))
                {
                    throw Failed("it does not chain to the zone root: " + problem);
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw Failed("it does not decode: " + e.Message, e);
        }
        catch (PkiException e) when (e.Code != PkiErrorCode.IssuedCertificateInvalid)
        {
            throw Failed(e.Message, e);
        }
    }

    private static void CheckContents(DecodedLeafCertificate certificate, LeafPlan plan)
    {
        if (certificate.Version != Version3)
        {
            throw Failed("it is not a version 3 certificate");
        }

        if (!certificate.SubjectPublicKeyInfo.Span.SequenceEqual(plan.Csr.SubjectPublicKeyInfo))
        {
            throw Failed("its public key is not the CSR's");
        }

        if (!certificate.SerialNumber.Span.SequenceEqual(plan.SerialNumber))
        {
            throw Failed("its serial number is not the planned one");
        }

        if (certificate.NotBefore != plan.NotBefore || certificate.NotAfter != plan.NotAfter)
        {
            throw Failed("its validity is not the planned one");
        }

        if (CommonNameOf(certificate.Subject) != plan.CommonName)
        {
            throw Failed("its subject is not exactly the approved common name");
        }

        if (certificate.Extensions.Select(e => e.Oid!.Value).Distinct(StringComparer.Ordinal).Count() != certificate.Extensions.Count)
        {
            throw Failed("it repeats an extension");
        }

        if (Single(certificate, BasicConstraintsOid) is not { } basic || Typed<X509BasicConstraintsExtension>(basic) is not { CertificateAuthority: false })
        {
            throw Failed("it is not marked as an end-entity certificate");
        }

        CheckSubjectAlternativeName(certificate, plan.DnsNames);
        if (Single(certificate, AttestedIdentityExtension.Oid) is not { } identity || !AttestedIdentityExtension.Decode(identity.RawData).Equals(plan.Identity))
        {
            throw Failed("its attested identity extension does not decode to the approved identity");
        }
    }

    /// <summary>Exactly the planned extensions (key usages, EKUs, key ids too), in order, criticality and value.</summary>
    private static void CheckExtensionsArePlanned(DecodedLeafCertificate certificate, LeafPlan plan, LeafIssuer issuer)
    {
        var planned = LeafCertificateSigner.Extensions(plan, issuer).ToList();
        var same = planned.Count == certificate.Extensions.Count && planned.Zip(certificate.Extensions).All(pair =>
            pair.First.Oid!.Value == pair.Second.Oid!.Value && pair.First.Critical == pair.Second.Critical
            && pair.First.RawData.AsSpan().SequenceEqual(pair.Second.RawData));
        if (!same)
        {
            throw Failed("its extensions are not exactly the planned ones");
        }
    }

    /// <summary>Names the intermediate as issuer (name and key id), with its algorithm, inside its validity.</summary>
    private static void CheckIssuer(DecodedLeafCertificate certificate, LeafIssuer issuer)
    {
        if (!certificate.Issuer.Span.SequenceEqual(issuer.Name.RawData))
        {
            throw Failed("its issuer is not the zone intermediate");
        }

        if (!certificate.TbsSignatureAlgorithm.Span.SequenceEqual(certificate.SignatureAlgorithm.Span))
        {
            throw Failed("its two signature algorithm identifiers differ");
        }

        var keyId = Single(certificate, AuthorityKeyIdentifierOid) is { } aki ? new X509AuthorityKeyIdentifierExtension(aki.RawData).KeyIdentifier : null;
        if (keyId is not { } id || !id.Span.SequenceEqual(issuer.KeyIdentifier))
        {
            throw Failed("its authority key identifier is not the zone intermediate's");
        }

        if (certificate.NotBefore < issuer.NotBefore || certificate.NotAfter > issuer.NotAfter)
        {
            throw Failed("its validity is not inside the zone intermediate's");
        }
    }

    /// <summary>Byte equality with the extension built from the approved names alone: no more, no fewer, no other kinds.</summary>
    private static void CheckSubjectAlternativeName(DecodedLeafCertificate certificate, IReadOnlyList<string> dnsNames)
    {
        var present = certificate.Extensions.Where(e => e.Oid?.Value == SubjectAltNameOid).ToList();
        var expected = LeafCertificateSigner.SubjectAlternativeName(dnsNames);
        var matches = expected is null
            ? present.Count == 0
            : present.Count == 1 && present[0].RawData.AsSpan().SequenceEqual(expected.RawData)
              && new X509SubjectAlternativeNameExtension(present[0].RawData).EnumerateDnsNames().SequenceEqual(dnsNames);
        if (!matches)
        {
            throw Failed("its subjectAltName is not exactly the approved DNS names");
        }
    }

    // Exactly one RDN holding exactly one attribute, the CN: the subject says nothing else.
    private static string? CommonNameOf(ReadOnlyMemory<byte> subject)
    {
        var names = new X500DistinguishedName(subject.Span).EnumerateRelativeDistinguishedNames().ToList();
        return names is [{ HasMultipleElements: false } only] && only.GetSingleElementType().Value == CommonNameOid ? only.GetSingleElementValue() : null;
    }

    private static X509Extension? Single(DecodedLeafCertificate certificate, string oid) =>
        certificate.Extensions.SingleOrDefault(e => e.Oid?.Value == oid);

    private static T Typed<T>(X509Extension extension) where T : X509Extension, new()
    {
        var typed = new T();
        typed.CopyFrom(extension);
        return typed;
    }

    private static PkiException Failed(string reason, Exception? inner = null) =>
        new(PkiErrorCode.IssuedCertificateInvalid, "The issued certificate failed its check and was withheld: " + reason + ".", inner);
}
