using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Ias;

/// <summary>Picks the IAS Report Signing certificate (the chain's leaf) among the certificates offered.</summary>
internal static class IasSigningCertificate
{
    /// <summary>
    /// The first certificate issued under the IAS Report Signing CA's name that is not the CA itself; otherwise the first
    /// certificate offered (so a wrong chain is reported as untrusted rather than missing); null when none is offered.
    /// </summary>
    public static X509Certificate2? Select(IReadOnlyList<X509Certificate2> offered)
    {
        var ca = IntelTrustRoots.IasReportSigningCa;
        var caName = ca.SubjectName.RawData;
        return offered.FirstOrDefault(c =>
                c.IssuerName.RawData.AsSpan().SequenceEqual(caName)
                && !c.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
            ?? (offered.Count > 0 ? offered[0] : null);
    }
}
