using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Ias;

/// <summary>
/// Verifies an IAS (EPID) attestation verification report (evidence-formats.md §7): the signing certificate chains
/// to the PINNED Intel SGX Attestation Report Signing CA at the verification time, its RSA key signs the exact body
/// bytes (PKCS#1 v1.5, SHA-256), and the body parses. The enclave's identity comes from the quote body; IAS's quote
/// status becomes the TCB status (judged by policy) and its advisories the verdict's advisories.
/// Evidence bytes: an <see cref="IasReportBundle"/>; without certificates in it, the chain is taken from
/// <see cref="VerificationContext.CertificateChain"/>, then from the collateral.
/// </summary>
public sealed class IasReportVerifier : IEvidenceVerifier
{
    private static readonly ChainValidator Chains = new();
    private readonly IReadOnlyList<X509Certificate2> _anchors;

    public IasReportVerifier()
        : this([IntelTrustRoots.IasReportSigningCa])
    {
    }

    /// <summary>For tests: trust other anchors than the pinned CA, to exercise every quote status with signed bodies.</summary>
    internal IasReportVerifier(IReadOnlyList<X509Certificate2> anchors)
    {
        _anchors = anchors;
    }

    public string Format => EvidenceFormats.IasReport;

    public bool LooksLike(ReadOnlySpan<byte> evidence) => IasReportBundle.LooksLike(evidence);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IasReportBundle bundle;
        IReadOnlyList<X509Certificate2> offered;
        try
        {
            bundle = IasReportBundle.Parse(evidence);
            offered = bundle.Certificates is { } pem
                ? PemBundle.ReadCertificates(System.Text.Encoding.ASCII.GetBytes(pem))
                : context.CertificateChain.Count > 0 ? context.CertificateChain : context.Collateral.Certificates;
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(Format, e);
        }

        var verdict = new VerdictBuilder(Format);
        var leaf = IasSigningCertificate.Select(offered);
        if (leaf is null)
        {
            verdict.Error(FindingCodes.IasSigningCertificateMissing, "No IAS Report Signing certificate: give it in the bundle, with --cert-chain or in the collateral.");
        }
        else
        {
            var chain = Chains.Validate(leaf, offered, _anchors, context.Time);
            foreach (var finding in chain.Findings)
            {
                verdict.Add(finding);
            }

            if (!VerifyBodySignature(leaf, bundle.Body, bundle.Signature))
            {
                verdict.Error(FindingCodes.SignatureInvalid, $"The report body's signature does not verify with the key of '{leaf.Subject}'.");
            }
        }

        IasReport report;
        try
        {
            report = IasReport.Parse(bundle.Body);
        }
        catch (EvidenceFormatException e)
        {
            return verdict.Error(e.Code, e.Message).Build();
        }

        Evaluate(report, verdict);
        return verdict.Complete().Build();
    }

    private static void Evaluate(IasReport report, VerdictBuilder verdict)
    {
        verdict.Claims = report.QuoteBody.ReportBody.ToClaims();
        verdict.Info(FindingCodes.IasQuoteStatus, $"IAS isvEnclaveQuoteStatus: {report.IsvEnclaveQuoteStatus}.");
        verdict.Info(
            FindingCodes.IasReportMetadata,
            $"IAS report id {report.Id}, version {report.Version}, timestamp {report.Timestamp:yyyy-MM-ddTHH:mm:ss.ffffffZ}, nonce {report.Nonce ?? "(none)"}.");
        verdict.AddAdvisories(report.AdvisoryIds);
        verdict.TcbStatus = IasQuoteStatus.ToTcbStatus(report.IsvEnclaveQuoteStatus);
        if (verdict.TcbStatus is null)
        {
            verdict.Error(
                IasQuoteStatus.FailureCode(report.IsvEnclaveQuoteStatus),
                $"IAS did not attest the quote: isvEnclaveQuoteStatus is {report.IsvEnclaveQuoteStatus}.");
        }
    }

    private static bool VerifyBodySignature(X509Certificate2 leaf, byte[] body, byte[] signature)
    {
        try
        {
            using var key = leaf.GetRSAPublicKey();
            return key is not null && key.VerifyData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
