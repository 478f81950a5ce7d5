using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Providers;

/// <summary>
/// The 64-byte report data field of SGX (REPORTDATA), TDX (REPORTDATA) and SEV-SNP (REPORT_DATA), and the check that
/// returned evidence carries it — which catches stale or foreign evidence (another writer's report data) as well as
/// bytes that are not the format at all.
/// </summary>
internal static class ReportDataBinding
{
    public const int Size = 64;

    /// <summary>
    /// <paramref name="reportData"/> zero-padded to 64 bytes, as the TDX and SNP guest drivers and Gramine pad it
    /// (sev_report_new even requires exactly 64); throws <see cref="FindingCodes.ReportDataTooLong"/> beyond 64.
    /// </summary>
    public static byte[] Pad(ReadOnlyMemory<byte> reportData, string interfaceName)
    {
        if (reportData.Length > Size)
        {
            throw new EvidenceProviderException(
                FindingCodes.ReportDataTooLong, $"{interfaceName}: report data is at most {Size} bytes; got {reportData.Length}.");
        }

        var padded = new byte[Size];
        reportData.Span.CopyTo(padded);
        return padded;
    }

    /// <summary>Parses <paramref name="evidence"/> as <paramref name="format"/> and requires its report data to equal <paramref name="expected"/>.</summary>
    public static void Require(string format, ReadOnlyMemory<byte> evidence, ReadOnlySpan<byte> expected, string interfaceName)
    {
        byte[] actual;
        try
        {
            actual = Extract(format, evidence);
        }
        catch (EvidenceFormatException e)
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceDeviceResponseMalformed,
                $"{interfaceName} returned {evidence.Length} bytes that are not a well-formed {format}: {e.Message}",
                e);
        }

        if (!actual.AsSpan().SequenceEqual(expected))
        {
            throw new EvidenceProviderException(
                FindingCodes.EvidenceReportDataMismatch,
                $"{interfaceName} returned a {format} whose report data is {Bytes.Hex(actual)}, not the {Bytes.Hex(expected)} written.");
        }
    }

    private static byte[] Extract(string format, ReadOnlyMemory<byte> evidence) => format switch
    {
        EvidenceFormats.SgxReport => SgxReport.Parse(evidence).Body.ReportData.ToArray(),
        EvidenceFormats.SgxQuote => DcapQuote.Parse(evidence) is { EnclaveReport: { } body }
            ? body.ReportData.ToArray()
            : throw new EvidenceFormatException(FindingCodes.UnsupportedTeeType, "The quote is a TDX quote, not an SGX quote."),
        EvidenceFormats.TdxQuote => DcapQuote.Parse(evidence) is { TdReport: { } td }
            ? td.ReportData.ToArray()
            : throw new EvidenceFormatException(FindingCodes.UnsupportedTeeType, "The quote is an SGX quote, not a TDX quote."),
        EvidenceFormats.SnpReport => SnpReport.Parse(evidence).ReportData,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No 64-byte report data field in this format."),
    };
}
