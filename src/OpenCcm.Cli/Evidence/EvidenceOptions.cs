using System.CommandLine;
using System.Globalization;

namespace OpenCcm.Cli.Evidence;

/// <summary>The options shared by <c>evidence verify</c> and <c>bench verify</c>, and how they turn into inputs.</summary>
internal sealed class EvidenceOptions
{
    public Option<string> Format { get; } = new("--format")
    {
        Description = "Evidence format: auto, sgx-quote, sgx-report, ias-report, sigstruct, tdx-quote, snp-report, nitro.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string[]> Collateral { get; } = new("--collateral")
    {
        Description = "A directory of collateral (TCB info, QE identity, CRLs, certificates), recognised by content. Repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> CertChain { get; } = new("--cert-chain") { Description = "A PEM (or URL-encoded PEM) file of certificates for this evidence." };

    public Option<string?> At { get; } = new("--at") { Description = "Verify as of this RFC 3339 instant (default: now)." };

    public Option<bool> AllowSimulated { get; } = new("--allow-simulated")
    {
        Description = "Trust simulated TEE roots found in the collateral or the simulated platform directory.",
    };

    public Option<string?> SimulatedDir { get; } = new("--simulated-dir")
    {
        Description = "The simulated TEE state directory (default: $CCM_SIMULATED_DIR or ~/.local/share/openccm/simulated).",
    };

    public Option<string?> Signature { get; } = new("--signature")
    {
        Description = "ias-report only: the base64 X-IASReport-Signature (default: FILE.sig beside the report body).",
    };

    public IEnumerable<Option> All => [Format, Collateral, CertChain, At, AllowSimulated, SimulatedDir, Signature];

    public static DateTimeOffset ParseTime(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new UsageException($"--at '{text}' is not an RFC 3339 time (e.g. 2025-08-15T05:45:00Z).");
        }

        return time;
    }

    public static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {what} '{path}': {e.Message}");
        }
    }
}
