namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// Verifies an SGX REPORT by local attestation (evidence-formats.md §1.4): the MAC is AES-128-CMAC under the report
/// key of the enclave the REPORT targets, which only that enclave can obtain (EGETKEY) on the same CPU. So this
/// verifier needs a report-key resolver running as (or for) that enclave; without one every REPORT fails with
/// <see cref="FindingCodes.ReportMacNotVerifiable"/>. Remote verifiers use a quote instead.
/// </summary>
public sealed class SgxReportVerifier : IEvidenceVerifier
{
    private readonly Func<SgxReport, byte[]?>? _reportKeyResolver;
    private readonly bool _simulatedPlatform;

    /// <summary>A verifier with no report key: it parses REPORTs and reports their claims but can verify none.</summary>
    public SgxReportVerifier()
        : this(null)
    {
    }

    /// <param name="reportKeyResolver">
    /// The verifying enclave's EGETKEY: returns the 16-byte report key for the REPORT's KEYID (the verifier being the
    /// REPORT's target), or null when it has none. Must be thread-safe.
    /// </param>
    /// <param name="simulatedPlatform">True when the keys come from a simulated platform (never real SGX hardware).</param>
    public SgxReportVerifier(Func<SgxReport, byte[]?>? reportKeyResolver, bool simulatedPlatform = false)
    {
        _reportKeyResolver = reportKeyResolver;
        _simulatedPlatform = simulatedPlatform;
    }

    public string Format => EvidenceFormats.SgxReport;

    /// <summary>A REPORT has no magic number: only its exact length identifies it.</summary>
    public bool LooksLike(ReadOnlySpan<byte> evidence) => evidence.Length == SgxReport.Size;

    public AttestationVerdict Verify(ReadOnlyMemory<byte> evidence, VerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SgxReport report;
        try
        {
            report = SgxReport.Parse(evidence);
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(Format, e);
        }

        var verdict = new VerdictBuilder(Format) { Claims = report.Body.ToClaims(), Simulated = _simulatedPlatform };
        if (_simulatedPlatform)
        {
            if (context.AllowSimulated)
            {
                verdict.Warning(FindingCodes.SimulatedEvidence, "The report key comes from a simulated SGX platform, not SGX hardware.");
            }
            else
            {
                verdict.Error(
                    FindingCodes.SimulatedRootNotTrusted,
                    "The report key comes from a simulated SGX platform, which is trusted only when simulation is allowed.");
            }
        }

        var reportKey = _reportKeyResolver?.Invoke(report);
        if (reportKey is null)
        {
            verdict.Error(
                FindingCodes.ReportMacNotVerifiable,
                "A REPORT can only be checked by its target enclave on the same CPU; no report key is available here (use a quote for remote attestation).");
            return verdict.Build();
        }

        if (reportKey.Length != SgxReport.ReportKeySize)
        {
            verdict.Error(FindingCodes.ReportMacNotVerifiable, $"The report key must be {SgxReport.ReportKeySize} bytes, the resolver gave {reportKey.Length}.");
            return verdict.Build();
        }

        if (!report.VerifyMac(reportKey))
        {
            verdict.Error(
                FindingCodes.ReportMacInvalid,
                "The REPORT's MAC does not match: it was altered, or it targets another enclave or another CPU.");
        }

        return verdict.Complete().Build();
    }
}
