using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Sgx.Dcap;

namespace OpenCcm.Attestation.Tdx;

/// <summary>
/// Verifies the authenticity of an Intel TDX quote (v4, v5 with TD report 1.0 or 1.5): the DCAP appraisal shared
/// with SGX (PCK chain, TD_QE identity, signatures, collateral), then the TDX module identity and TDX TCB level
/// (evidence-formats.md §4.4). Thread-safe; keep one instance so caches stay warm.
/// </summary>
public sealed class TdxQuoteVerifier : IEvidenceVerifier, IEvidenceParser, IEvidenceInspector
{
    private static readonly DcapTee Tdx = new("TDX", "TD_QE", EvaluateTdxTcb);
    private readonly DcapAppraiser _appraiser = new();

    public string Format => EvidenceFormats.TdxQuote;

    public bool LooksLike(ReadOnlySpan<byte> evidence) => DcapQuote.LooksLike(evidence, QuoteHeader.TeeTypeTdx);

    public object ParseUnverified(ReadOnlyMemory<byte> evidence) => DcapQuote.Parse(evidence);

    public IReadOnlyDictionary<string, object?> Inspect(ReadOnlyMemory<byte> evidence) => DcapQuoteInspector.Inspect(evidence);

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context) =>
        _appraiser.Verify(Format, evidence, context, Tdx, quote => quote.TdReport!.ToClaims());

    private static string? EvaluateTdxTcb(DcapQuote quote, TcbInfo tcbInfo, PckCertificateExtensions pck, string? qeStatus, VerdictBuilder verdict) =>
        TdxTcbEvaluator.Evaluate(quote.TdReport!, tcbInfo, pck, qeStatus, verdict);
}
