using System.CommandLine;
using System.Text.Json;
using OpenCcm.Attestation;

namespace OpenCcm.Cli.Evidence;

/// <summary><c>ccm evidence verify</c> and <c>ccm evidence inspect</c>.</summary>
internal static class EvidenceCommands
{
    public static Command Create(TextWriter stdout)
    {
        var registry = EvidenceVerifierRegistry.CreateDefault();
        return new Command("evidence", "Verify or inspect TEE evidence (quotes, reports, attestation documents).")
        {
            CreateVerify(stdout, registry),
            CreateInspect(stdout, registry),
        };
    }

    private static Command CreateVerify(TextWriter stdout, EvidenceVerifierRegistry registry)
    {
        var file = new Argument<string>("file") { Description = "The evidence file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {format, verified, claims, tcbStatus, errors, ...}." };
        var options = new EvidenceOptions();
        var command = new Command(
            "verify",
            "Verify evidence's authenticity. Exit 0 authentic, 1 not authentic, 2 usage or I/O error, 3 malformed input.")
        {
            file, json,
        };
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var request = VerificationRequest.Build(parse, options, path, registry, out var unrecognised);
            if (request is null)
            {
                return Unrecognised(stdout, parse.GetValue(json), unrecognised!);
            }

            var verdict = request.Verifier.Verify(request.Evidence, request.Context);
            if (parse.GetValue(json))
            {
                VerdictPrinter.WriteJson(stdout, verdict);
            }
            else
            {
                VerdictPrinter.WriteHuman(stdout, verdict);
            }

            return verdict.Verified ? ExitCodes.Authentic : verdict.Malformed ? ExitCodes.MalformedInput : ExitCodes.NotAuthentic;
        });
        return command;
    }

    private static Command CreateInspect(TextWriter stdout, EvidenceVerifierRegistry registry)
    {
        var file = new Argument<string>("file") { Description = "The evidence file." };
        var format = new Option<string>("--format") { Description = "Evidence format (default: auto).", DefaultValueFactory = _ => "auto" };
        var command = new Command("inspect", "Print the parsed structure of evidence without verifying it (exit 3 if malformed).") { file, format };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var evidence = EvidenceOptions.ReadFile(path, "evidence");
            var name = parse.GetValue(format) ?? "auto";
            var verifier = name == "auto"
                ? registry.Detect(evidence)
                : registry.Find(name) ?? throw new UsageException($"Unknown or unsupported format '{name}'.");
            if (verifier is null)
            {
                return Unrecognised(stdout, asJson: true, $"'{path}' is not recognised as any supported evidence format.");
            }

            try
            {
                var structure = verifier is IEvidenceInspector inspector
                    ? inspector.Inspect(evidence)
                    : UnverifiedClaims(verifier, evidence);
                var document = new Dictionary<string, object?> { ["format"] = verifier.Format, ["structure"] = structure };
                stdout.WriteLine(JsonSerializer.Serialize(document, VerdictPrinter.Json));
                return 0;
            }
            catch (EvidenceFormatException e)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { format = verifier.Format, error = new { code = e.Code, message = e.Message } }, VerdictPrinter.Json));
                return ExitCodes.MalformedInput;
            }
        });
        return command;
    }

    // Formats without a dedicated inspector show the claims their parser extracts (nothing verified).
    private static Dictionary<string, object?> UnverifiedClaims(IEvidenceVerifier verifier, ReadOnlyMemory<byte> evidence)
    {
        var verdict = verifier.Verify(evidence, new VerificationContext { Time = DateTimeOffset.UtcNow });
        if (verdict.Malformed)
        {
            var error = verdict.Errors.First();
            throw new EvidenceFormatException(error.Code, error.Message);
        }

        return new Dictionary<string, object?> { ["claims (unverified)"] = verdict.Claims?.ToDictionary() };
    }

    private static int Unrecognised(TextWriter stdout, bool asJson, string message)
    {
        if (asJson)
        {
            var document = new Dictionary<string, object?>
            {
                ["format"] = null,
                ["verified"] = false,
                ["claims"] = new Dictionary<string, object?>(),
                ["tcbStatus"] = null,
                ["errors"] = new[] { new Dictionary<string, string> { ["code"] = FindingCodes.UnsupportedFormat, ["message"] = message } },
            };
            stdout.WriteLine(JsonSerializer.Serialize(document, VerdictPrinter.Json));
        }
        else
        {
            stdout.WriteLine("MALFORMED: " + message);
        }

        return ExitCodes.MalformedInput;
    }
}
