using System.Text;
using OpenCcm.Attestation.Ias;

namespace OpenCcm.Cli.Evidence;

/// <summary>
/// An IAS report as IAS serves it: the body in FILE and the X-IASReport-Signature header beside it (FILE.sig, or the
/// file name with .sig for its extension, or --signature). The CLI packs them into the bundle the verifier reads.
/// </summary>
internal static class IasRawReport
{
    public static bool Applies(string format, byte[] evidence) =>
        (format == "ias-report" || (format == "auto" && LooksLikeBody(evidence))) && !IasReportBundle.LooksLike(evidence);

    public static byte[] Bundle(string file, byte[] body, string? signatureFile, string? certificateFile)
    {
        var candidates = signatureFile is not null ? [signatureFile] : new[] { file + ".sig", Path.ChangeExtension(file, ".sig") };
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new UsageException($"An IAS report body needs its signature: give --signature FILE or put it in {string.Join(" or ", candidates.Distinct())}.");
        var signature = Encoding.ASCII.GetString(EvidenceOptions.ReadFile(found, "IAS signature")).Trim();
        var certificates = certificateFile is null ? null : Encoding.ASCII.GetString(EvidenceOptions.ReadFile(certificateFile, "certificate chain"));
        try
        {
            return IasReportBundle.Create(body, signature, certificates);
        }
        catch (Attestation.EvidenceFormatException e)
        {
            throw new UsageException($"Cannot pack the IAS report: {e.Message}");
        }
    }

    private static bool LooksLikeBody(ReadOnlySpan<byte> evidence)
    {
        var trimmed = evidence.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{' && trimmed.IndexOf("\"isvEnclaveQuoteBody\""u8) >= 0;
    }
}
