using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>
/// Checks each non-root certificate of a validated path against the CRLs given, issued and signed by its issuer.
/// A CRL current at the time is used; one issued after the time says nothing about it and is ignored; when only
/// expired CRLs exist the check fails (stale revocation data), and when none exists the verdict says revocation
/// was not checked, so a policy can refuse it.
/// </summary>
public static class RevocationChecker
{
    public static void Check(IReadOnlyList<X509Certificate2> path, IReadOnlyList<CertificateRevocationList> crls, DateTimeOffset time, VerdictBuilder verdict)
    {
        for (var i = 0; i < path.Count - 1; i++)
        {
            var certificate = path[i];
            var issuer = path[i + 1];
            var fromIssuer = crls
                .Where(c => c.Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
                .ToArray();
            var signed = fromIssuer.Where(c => c.IsSignedBy(issuer)).ToArray();
            if (fromIssuer.Length > 0 && signed.Length == 0)
            {
                verdict.Error(FindingCodes.CrlSignatureInvalid, $"No CRL from '{NameOf(issuer)}' has a valid signature.");
                continue;
            }

            var current = signed.Where(c => c.IsValidAt(time)).OrderByDescending(c => c.ThisUpdate).FirstOrDefault();
            if (current is null)
            {
                var expired = signed.Where(c => c.NextUpdate < time).OrderByDescending(c => c.NextUpdate).FirstOrDefault();
                if (expired is not null)
                {
                    verdict.Error(FindingCodes.CrlExpired, $"The newest CRL from '{NameOf(issuer)}' expired at {expired.NextUpdate:yyyy-MM-ddTHH:mm:ssZ}.");
                }
                else
                {
                    var note = signed.Length > 0 ? $" ({signed.Length} given, all issued after {time:yyyy-MM-ddTHH:mm:ssZ})" : string.Empty;
                    verdict.Warning(FindingCodes.RevocationNotChecked, $"No CRL from '{NameOf(issuer)}' current at the verification time{note}: revocation of '{NameOf(certificate)}' was not checked.");
                }

                continue;
            }

            if (current.IsRevoked(certificate))
            {
                verdict.Error(FindingCodes.CertificateRevoked, $"Certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked by its issuer's CRL.");
            }
        }
    }

    private static string NameOf(X509Certificate2 certificate) => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
}
