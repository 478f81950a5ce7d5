using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// Checks the endorsement chain VEK → ASK/ASVK → ARK (evidence-formats.md §8.4): X509Chain to the given anchors at
/// the verification time (AMD signs with RSASSA-PSS SHA-384, which OpenSSL verifies), the expected names at each
/// level, and the ASK/ASVK against the ARK's CRL when the collateral holds one (else a RevocationNotChecked warning).
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

        CheckRevocation(path, context, builder);
    }

    // AMD's KDS publishes CRLs signed by the ARK (/vcek/v1/{product}/crl, /vlek/v1/{product}/crl) listing revoked ASKs
    // and ASVKs; an endorsement key is not revoked by itself (a TCB update gives a new VCEK). A CRL issued by the ASK/ASVK,
    // if one is ever given, is honoured for the VEK too, but its absence is no warning.
    private static void CheckRevocation(IReadOnlyList<X509Certificate2> path, VerificationContext context, VerdictBuilder builder)
    {
        var crls = context.Collateral.Crls;
        RevocationChecker.Check([path[1], path[2]], crls, context.Time, builder);
        if (crls.Any(c => c.Issuer.RawData.AsSpan().SequenceEqual(path[1].SubjectName.RawData)))
        {
            RevocationChecker.Check([path[0], path[1]], crls, context.Time, builder);
        }
    }
}
