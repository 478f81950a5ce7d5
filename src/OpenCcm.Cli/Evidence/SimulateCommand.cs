using System.CommandLine;
using System.Globalization;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Cli.Evidence;

/// <summary>
/// <c>ccm evidence simulate</c>: makes evidence on the simulated SGX platform (REPORT for the simulated QE, or a DCAP
/// quote), so the simulated path can be tried and scripted on machines without a TEE.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = "sgx-quote or sgx-report.", DefaultValueFactory = _ => EvidenceFormats.SgxQuote };
        format.AcceptOnlyFromAmong(EvidenceFormats.SgxQuote, EvidenceFormats.SgxReport);
        var output = new Option<string>("--out") { Description = "Where to write the evidence.", Required = true };
        var mrenclave = new Option<string?>("--mrenclave") { Description = "MRENCLAVE, 64 hex digits (default: SHA-256 of \"openccm-demo\")." };
        var mrsigner = new Option<string?>("--mrsigner") { Description = "MRSIGNER, 64 hex digits (default: SHA-256 of \"openccm-demo-signer\")." };
        var isvProdId = new Option<ushort>("--isvprodid") { Description = "ISVPRODID." };
        var isvSvn = new Option<ushort>("--isvsvn") { Description = "ISVSVN." };
        var reportData = new Option<string?>("--report-data") { Description = "REPORTDATA, up to 64 bytes as hex (zero-padded)." };
        var debug = new Option<bool>("--debug") { Description = "Mark the enclave as a debug enclave." };
        var directory = new Option<string?>("--simulated-dir") { Description = "The simulated TEE state directory (created if absent)." };
        var command = new Command("simulate", "Make SGX evidence on the simulated platform (never real TEE evidence).")
        {
            format, output, mrenclave, mrsigner, isvProdId, isvSvn, reportData, debug, directory,
        };
        command.SetAction(parse =>
        {
            using var platform = SimulatedSgxPlatform.OpenOrCreate(SimulatedPlatforms.Directory(parse.GetValue(directory)));
            var enclave = platform.CreateEnclave(
                Hex32(parse.GetValue(mrenclave), "openccm-demo", "--mrenclave"),
                Hex32(parse.GetValue(mrsigner), "openccm-demo-signer", "--mrsigner"),
                parse.GetValue(isvProdId),
                parse.GetValue(isvSvn),
                parse.GetValue(debug));
            var data = ParseHex(parse.GetValue(reportData) ?? string.Empty, "--report-data");
            if (data.Length > 64)
            {
                throw new UsageException("--report-data holds at most 64 bytes.");
            }

            var report = platform.CreateReport(platform.QeTargetInfo, enclave, data);
            var evidence = parse.GetValue(format) == EvidenceFormats.SgxReport ? report : platform.CreateQuote(report);
            var path = parse.GetValue(output)!;
            try
            {
                File.WriteAllBytes(path, evidence);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot write '{path}': {e.Message}");
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {evidence.Length} bytes of simulated {parse.GetValue(format)} to {path}"));
            return 0;
        });
        return command;
    }

    private static byte[] Hex32(string? hex, string defaultSeed, string option)
    {
        var bytes = hex is null ? System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(defaultSeed)) : ParseHex(hex, option);
        return bytes.Length == 32 ? bytes : throw new UsageException($"{option} must be 32 bytes (64 hex digits).");
    }

    private static byte[] ParseHex(string hex, string option)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new UsageException($"{option} is not hex.");
        }
    }
}
