using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// Checks the endorsement chain VEK → ASK/ASVK → ARK (evidence-formats.md §8.4): X509Chain to the given anchors at
/// the verification time (AMD signs with RSASSA-PSS SHA-384, which OpenSSL verifies), the expected names at each
/// level, and, when the collateral holds a CRL issued by the ARK, that the ASK/ASVK is not revoked.
/// Chain results are cached by <see cref="ChainValidator"/>.
/// </summary>
internal sealed class SnpChainChecker
{
    private readonly ChainValidator _validator = new();

    public void Check(
        SnpVekCertificate vek, SnpProduct product, IReadOnlyList<X509Certificate2> certificates, IReadOnlyList<X509Certificate2> anchors,
        VerificationContext context, VerdictBuilder builder, bool simulated)
    {
        var intermediateName = SnpCertificateNames.Intermediate(vek.Kind, product);
        var intermediates = certificates.Where(c => SnpCertificateNames.CommonName(c) == intermediateName).ToArray();
        if (intermediates.Length == 0)
        {
            builder.Error(
                FindingCodes.CertificateChainUntrusted,
                $"No '{intermediateName}' certificate was given: the {vek.Kind} cannot be chained to {SnpCertificateNames.Ark(product)}.");
            return;
        }

        var result = _validator.Validate(vek.Certificate, intermediates, anchors, context.Time);
        foreach (var finding in result.Findings)
        {
            builder.Add(finding);
        }

        if (!result.IsValid)
        {
            if (simulated && result.Findings.Any(f => f.Code == FindingCodes.CertificateChainUntrusted))
            {
                builder.Error(FindingCodes.SimulatedRootNotTrusted, "The simulated chain does not end at a trusted simulated root.");
            }

            return;
        }

        var path = result.Path;
        if (path.Count != 3
            || SnpCertificateNames.CommonName(path[1]) != intermediateName
            || SnpCertificateNames.CommonName(path[2]) != SnpCertificateNames.Ark(product))
        {
            builder.Error(
                FindingCodes.CertificateChainInvalid,
                $"The chain is {string.Join(" → ", path.Select(SnpCertificateNames.CommonName))}; expected {vek.Kind} → {intermediateName} → {SnpCertificateNames.Ark(product)}.");
            return;
        }

        CheckRevocation(path[1], path[2], context, builder);
    }

    // AMD publishes one CRL per product and key kind (KDS /vcek/v1/{product}/crl, /vlek/v1/{product}/crl), signed by the ARK.
    private static void CheckRevocation(X509Certificate2 intermediate, X509Certificate2 ark, VerificationContext context, VerdictBuilder builder)
    {
        var crls = context.Collateral.Crls.Where(c => c.Issuer.RawData.AsSpan().SequenceEqual(ark.SubjectName.RawData)).ToArray();
        if (crls.Length == 0)
        {
            builder.Warning(
                FindingCodes.RevocationNotChecked,
                $"No CRL issued by '{SnpCertificateNames.CommonName(ark)}' was given; revocation of '{SnpCertificateNames.CommonName(intermediate)}' was not checked.");
            return;
        }

        foreach (var crl in crls)
        {
            if (!crl.IsSignedBy(ark))
            {
                builder.Error(FindingCodes.CrlSignatureInvalid, $"The CRL naming '{ark.Subject}' as issuer is not signed by it.");
            }
            else if (context.Time < crl.ThisUpdate)
            {
                builder.Error(FindingCodes.CrlNotYetValid, $"The {SnpCertificateNames.CommonName(ark)} CRL is not valid before {crl.ThisUpdate:u}.");
            }
            else if (crl.NextUpdate is { } next && context.Time > next)
            {
                builder.Error(FindingCodes.CrlExpired, $"The {SnpCertificateNames.CommonName(ark)} CRL expired at {next:u}.");
            }
            else if (crl.IsRevoked(intermediate))
            {
                builder.Error(FindingCodes.CertificateRevoked, $"'{intermediate.Subject}' (serial {intermediate.SerialNumber}) is revoked by the {SnpCertificateNames.CommonName(ark)} CRL.");
            }
        }
    }
}
