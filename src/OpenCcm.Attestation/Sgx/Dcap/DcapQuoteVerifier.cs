using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// Verifies the authenticity of an SGX DCAP quote (v3, or v4/v5 with TEE type SGX): the shared DCAP appraisal, then
/// the SGX TCB level (evidence-formats.md §4.4). Thread-safe; keep one instance so caches stay warm.
/// </summary>
public sealed class DcapQuoteVerifier : IEvidenceVerifier, IEvidenceParser, IEvidenceInspector
{
    private static readonly DcapTee Sgx = new("SGX", "QE", EvaluateSgxTcb);
    private readonly DcapAppraiser _appraiser = new();

    public string Format => EvidenceFormats.SgxQuote;

    public bool LooksLike(ReadOnlySpan<byte> evidence) => DcapQuote.LooksLike(evidence, QuoteHeader.TeeTypeSgx);

    public object ParseUnverified(ReadOnlyMemory<byte> evidence) => DcapQuote.Parse(evidence);

    public IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence) => DcapQuoteInspector.Inspect(evidence);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context) =>
        _appraiser.Verify(Format, evidence, context, Sgx, quote => quote.EnclaveReport!.ToClaims());

    private static string? EvaluateSgxTcb(DcapQuote quote, TcbInfo tcbInfo, PckCertificateExtensions pck, string? qeStatus, VerdictBuilder verdict)
    {
        var match = SgxTcbEvaluator.MatchPlatform(tcbInfo, pck);
        if (match.Status != TcbStatuses.TcbNotSupported && !TcbStatuses.IsKnown(match.Status))
        {
            verdict.Error(FindingCodes.TcbStatusUnrecognized, $"TCB info gives the unrecognised status '{match.Status}'.");
            return null;
        }

        verdict.AddAdvisories(match.AdvisoryIds);
        if (match.TcbDate is { } date)
        {
            verdict.Info(FindingCodes.TcbStatus, $"SGX TCB level {match.Status}, TCB date {date:yyyy-MM-dd}.");
        }

        return match.Status;
    }
}
