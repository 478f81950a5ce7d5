using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Checks a freshly signed leaf against its plan before anyone sees it (SPIRE's credvalidator idea): a bug in
/// building or signing must fail closed, not hand out a certificate that says something nobody approved.
/// </summary>
internal static class IssuedCertificateChecker
{
    private const string SubjectAltNameOid = "2.5.29.17";

    public static void Check(
        X509Certificate2 certificate, LeafPlan plan, X509Certificate2 root, X509Certificate2 intermediate,
        IssuerSignature issuerSignature, IssuedCertificateCheck mode)
    {
        try
        {
            CheckContents(certificate, plan);
            CheckIssuer(certificate, intermediate);
            if (mode == IssuedCertificateCheck.FullChain)
            {
                if (!ZoneChain.TryValidate(certificate, root, intermediate, 3, plan.NotBefore, plan.ExtendedKeyUsages, out var problem))
                {
                    throw Failed("it does not chain to the zone root: " + problem);
                }
            }
            else if (!issuerSignature.Verifies(certificate))
            {
                throw Failed("its signature does not verify under the zone intermediate's key");
            }
        }
        catch (CryptographicException e)
        {
            throw Failed("it does not decode: " + e.Message, e);
        }
        catch (PkiException e) when (e.Code != PkiErrorCode.IssuedCertificateInvalid)
        {
            throw Failed(e.Message, e);
        }
    }

    private static void CheckContents(X509Certificate2 certificate, LeafPlan plan)
    {
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(plan.Csr.SubjectPublicKeyInfo))
        {
            throw Failed("its public key is not the CSR's");
        }

        if (!certificate.SerialNumberBytes.Span.SequenceEqual(plan.SerialNumber))
        {
            throw Failed("its serial number is not the planned one");
        }

        if (CaTime.NotBefore(certificate) != plan.NotBefore || CaTime.NotAfter(certificate) != plan.NotAfter)
        {
            throw Failed("its validity is not the planned one");
        }

        if (certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != plan.CommonName)
        {
            throw Failed("its subject common name is not the approved one");
        }

        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault() is not { CertificateAuthority: false })
        {
            throw Failed("it is not marked as an end-entity certificate");
        }

        CheckSubjectAlternativeName(certificate, plan.DnsNames);
        if (AttestedIdentityExtension.Read(certificate) is not { } identity || !identity.Equals(plan.Identity))
        {
            throw Failed("its attested identity extension does not decode to the approved identity");
        }
    }

    /// <summary>Names the intermediate as issuer (name and key id) and lies inside its validity.</summary>
    private static void CheckIssuer(X509Certificate2 certificate, X509Certificate2 intermediate)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(intermediate.SubjectName.RawData))
        {
            throw Failed("its issuer is not the zone intermediate");
        }

        var expectedKeyId = intermediate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        var keyId = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault()?.KeyIdentifier;
        if (keyId is not { } id || !id.Span.SequenceEqual(expectedKeyId.Span))
        {
            throw Failed("its authority key identifier is not the zone intermediate's");
        }

        if (CaTime.NotBefore(certificate) < CaTime.NotBefore(intermediate) || CaTime.NotAfter(certificate) > CaTime.NotAfter(intermediate))
        {
            throw Failed("its validity is not inside the zone intermediate's");
        }
    }

    /// <summary>Byte equality with the extension built from the approved names alone: no more, no fewer, no other kinds.</summary>
    private static void CheckSubjectAlternativeName(X509Certificate2 certificate, IReadOnlyList<string> dnsNames)
    {
        var present = certificate.Extensions.Cast<X509Extension>().Where(e => e.Oid?.Value == SubjectAltNameOid).ToList();
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

    private static PkiException Failed(string reason, Exception? inner = null) =>
        new(PkiErrorCode.IssuedCertificateInvalid, "The issued certificate failed its check and was withheld: " + reason + ".", inner);
}
