using OpenCcm.Attestation.Ias;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Snp;
using OpenCcm.Attestation.Tdx;

namespace OpenCcm.Attestation;

/// <summary>
/// The verifiers the CLI and services use, by format name, and the order in which <c>--format auto</c> sniffs
/// them (exact-size formats first, so a 432-byte REPORT is never mistaken for a truncated quote).
/// One registry instance keeps each verifier's caches warm.
/// </summary>
public sealed class EvidenceVerifierRegistry
{
    private readonly IReadOnlyList<IEvidenceVerifier> _verifiers;

    public EvidenceVerifierRegistry(IEnumerable<IEvidenceVerifier> verifiers)
    {
        _verifiers = verifiers.ToArray();
    }

    /// <summary>Every built-in verifier.</summary>
    public static EvidenceVerifierRegistry CreateDefault() => new(
    [
        new SigstructVerifier(),
        new SgxReportVerifier(),
        new IasReportVerifier(),
        new DcapQuoteVerifier(),
        new TdxQuoteVerifier(),
        new SnpReportVerifier(),
        new NitroAttestationVerifier(),
    ]);

    public IReadOnlyList<string> Formats => _verifiers.Select(v => v.Format).ToArray();

    public IEvidenceVerifier? Find(string format) => _verifiers.FirstOrDefault(v => v.Format == format);

    /// <summary>The first verifier whose sniff accepts the bytes, or null.</summary>
    public IEvidenceVerifier? Detect(ReadOnlySpan<byte> evidence)
    {
        foreach (var verifier in _verifiers)
        {
            if (verifier.LooksLike(evidence))
            {
                return verifier;
            }
        }

        return null;
    }
}
