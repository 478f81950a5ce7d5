using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Cli.Evidence;

/// <summary>
/// <c>ccm evidence simulate</c>: makes evidence on a simulated platform (SGX REPORT for the simulated QE, SGX quote,
/// TDX quote, SEV-SNP report, Nitro document), so the simulated path can be tried and scripted on machines without a TEE.
/// </summary>
internal static class SimulateCommand
{
    private static readonly string[] Formats =
        [EvidenceFormats.SgxQuote, EvidenceFormats.SgxReport, EvidenceFormats.TdxQuote, EvidenceFormats.SnpReport, EvidenceFormats.Nitro];

    public static Command Create(TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = string.Join(", ", Formats) + ".", DefaultValueFactory = _ => EvidenceFormats.SgxQuote };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string>("--out") { Description = "Where to write the evidence.", Required = true };
        var measurement = new Option<string?>("--measurement")
        {
            Description = "SGX MRENCLAVE (32 bytes), TDX MRTD, SEV-SNP MEASUREMENT or Nitro PCR0 (48 bytes), as hex (default: a hash of \"openccm-demo\").",
        };
        var mrsigner = new Option<string?>("--mrsigner") { Description = "SGX MRSIGNER, 64 hex digits (default: SHA-256 of \"openccm-demo-signer\")." };
        var isvProdId = new Option<ushort>("--isvprodid") { Description = "SGX ISVPRODID." };
        var isvSvn = new Option<ushort>("--isvsvn") { Description = "SGX ISVSVN." };
        var reportData = new Option<string?>("--report-data") { Description = "Report data (Nitro: user data), up to 64 bytes as hex (zero-padded)." };
        var debug = new Option<bool>("--debug") { Description = "SGX: mark the enclave as a debug enclave." };
        var directory = new Option<string?>("--simulated-dir") { Description = "The simulated TEE state directory (created if absent)." };
        var command = new Command("simulate", "Make evidence on a simulated platform (never real TEE evidence).")
        {
            format, output, measurement, mrsigner, isvProdId, isvSvn, reportData, debug, directory,
        };
        command.SetAction(parse =>
        {
            var root = SimulatedPlatforms.Directory(parse.GetValue(directory));
            var data = ParseHex(parse.GetValue(reportData) ?? string.Empty, "--report-data");
            if (data.Length > 64)
            {
                throw new UsageException("--report-data holds at most 64 bytes.");
            }

            var name = parse.GetValue(format)!;
            var evidence = name switch
            {
                EvidenceFormats.TdxQuote => Tdx(root, Measurement(parse.GetValue(measurement), 48), data),
                EvidenceFormats.SnpReport => Snp(root, Measurement(parse.GetValue(measurement), 48), data),
                EvidenceFormats.Nitro => Nitro(root, Measurement(parse.GetValue(measurement), 48), data),
                _ => Sgx(root, name, Measurement(parse.GetValue(measurement), 32), Hash(parse.GetValue(mrsigner), "openccm-demo-signer", "--mrsigner"),
                    parse.GetValue(isvProdId), parse.GetValue(isvSvn), parse.GetValue(debug), data),
            };
            var path = parse.GetValue(output)!;
            try
            {
                File.WriteAllBytes(path, evidence);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot write '{path}': {e.Message}");
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {evidence.Length} bytes of simulated {name} to {path}"));
            return 0;
        });
        return command;
    }

    private static byte[] Sgx(string root, string format, byte[] mrenclave, byte[] mrsigner, ushort product, ushort svn, bool debug, byte[] data)
    {
        using var platform = SimulatedSgxPlatform.OpenOrCreate(root);
        var enclave = platform.CreateEnclave(mrenclave, mrsigner, product, svn, debug);
        var report = platform.CreateReport(platform.QeTargetInfo, enclave, data);
        return format == EvidenceFormats.SgxReport ? report : platform.CreateQuote(report);
    }

    private static byte[] Tdx(string root, byte[] mrTd, byte[] data)
    {
        using var platform = SimulatedTdxPlatform.OpenOrCreate(root);
        return platform.CreateQuote(new SimulatedTd(mrTd), data);
    }

    private static byte[] Snp(string root, byte[] measurement, byte[] data)
    {
        using var platform = SimulatedSnpPlatform.OpenOrCreate(root);
        return platform.CreateReport(measurement, data);
    }

    private static byte[] Nitro(string root, byte[] pcr0, byte[] userData)
    {
        using var platform = SimulatedNitroPlatform.OpenOrCreate(root);
        return platform.CreateDocument(new Dictionary<int, byte[]> { [0] = pcr0 }, userData: userData.Length > 0 ? userData : null);
    }

    private static byte[] Measurement(string? hex, int size)
    {
        if (hex is null)
        {
            var seed = Encoding.UTF8.GetBytes("openccm-demo");
            return size == 32 ? SHA256.HashData(seed) : SHA384.HashData(seed);
        }

        var bytes = ParseHex(hex, "--measurement");
        return bytes.Length == size ? bytes : throw new UsageException($"--measurement must be {size} bytes ({size * 2} hex digits) for this format.");
    }

    private static byte[] Hash(string? hex, string defaultSeed, string option)
    {
        var bytes = hex is null ? SHA256.HashData(Encoding.UTF8.GetBytes(defaultSeed)) : ParseHex(hex, option);
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
