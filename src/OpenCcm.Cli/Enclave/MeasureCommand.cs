using System.CommandLine;
using System.Globalization;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Cli.Enclave;

/// <summary>
/// <c>ccm enclave measure</c> (CONTRACTS-5.md): checks (or with --update rewrites) the manifest's trusted files against
/// the root, computes MRENCLAVE from the runtime and the manifest, and signs a SIGSTRUCT when asked.
/// Exit 0 measured, 1 trusted files do not match, 2 usage or I/O error, 3 malformed manifest.
/// </summary>
internal static class MeasureCommand
{
    public const string RuntimeFileName = "ccm-runtime";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new Option<string>("--root") { Description = "The workload's root directory (the image's filesystem).", Required = true };
        var manifest = new Option<string>("--manifest") { Description = "The enclave manifest (JSON).", Required = true };
        var runtime = new Option<string?>("--runtime") { Description = $"The runtime executable (default: {RuntimeFileName} next to ccm)." };
        var signingKey = new Option<string?>("--signing-key") { Description = "PEM RSA-3072 e=3 private key that signs the SIGSTRUCT (default with --sigstruct-out: SIGSTRUCT.key.pem, generated if absent)." };
        var sigstructOut = new Option<string?>("--sigstruct-out") { Description = "Where to write the SIGSTRUCT (default with --signing-key: MANIFEST.sigstruct)." };
        var update = new Option<bool>("--update") { Description = "Rewrite the manifest's trustedFiles from the root first." };
        var date = new Option<string?>("--sigstruct-date") { Description = "SIGSTRUCT DATE as yyyy-mm-dd (default: today, UTC); pin it for reproducible output." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command(
            "measure",
            "Hash trusted files, compute mrenclave/mrsigner and write a SIGSTRUCT. Exit 0 ok, 1 trusted files differ, 2 usage or I/O error, 3 malformed manifest.")
        {
            root, manifest, runtime, signingKey, sigstructOut, update, date, json,
        };
        command.SetAction(parse =>
        {
            var request = new MeasureRequest(
                parse.GetValue(root)!,
                parse.GetValue(manifest)!,
                parse.GetValue(runtime) ?? Path.Combine(AppContext.BaseDirectory, RuntimeFileName),
                parse.GetValue(runtime) is not null,
                parse.GetValue(signingKey),
                parse.GetValue(sigstructOut),
                parse.GetValue(update),
                ParseDate(parse.GetValue(date)));
            return Run(request, new MeasureOutput(stdout, stderr, parse.GetValue(json)));
        });
        return command;
    }

    private static int Run(MeasureRequest request, MeasureOutput output)
    {
        if (!File.Exists(request.RuntimePath))
        {
            throw new UsageException(request.RuntimeGiven
                ? $"The runtime '{request.RuntimePath}' does not exist."
                : $"No {RuntimeFileName} next to ccm ({request.RuntimePath}); pass --runtime PATH.");
        }

        if (!Directory.Exists(request.Root))
        {
            throw new UsageException($"The root directory '{request.Root}' does not exist.");
        }

        var manifestBytes = Io.Read(request.ManifestPath, "manifest");
        EnclaveManifest manifest;
        try
        {
            manifest = EnclaveManifestSerializer.Load(manifestBytes);
            if (request.Update)
            {
                manifest = TrustedFileHasher.Update(request.Root, manifest);
                manifestBytes = EnclaveManifestSerializer.Serialize(manifest);
                Io.WriteAtomically(request.ManifestPath, manifestBytes);
                output.Note($"updated {manifest.TrustedFiles.Count} trusted files in {request.ManifestPath}");
            }
        }
        catch (EnclaveManifestException e)
        {
            return output.Failure(ExitCodes.MalformedInput, e.Code, e.Message);
        }
        catch (TrustedFileException e)
        {
            return output.Failure(e.Code == TrustedFileCodes.SymlinkEscapesRoot ? ExitCodes.NotAuthentic : ExitCodes.UsageOrIoError, e.Code, e.Message);
        }

        var verification = Verify(request.Root, manifest);
        if (!verification.Matches)
        {
            return output.Mismatches(verification);
        }

        var measurement = Io.Guard(() => EnclaveMeasurement.Measure(request.RuntimePath, manifestBytes), request.RuntimePath);
        var signed = Sign(request, manifest, measurement.MrEnclave, output);
        output.Result(manifest, measurement, signed, verification);
        return 0;
    }

    private static TrustedFileVerification Verify(string root, EnclaveManifest manifest)
    {
        try
        {
            return TrustedFileVerifier.Verify(root, manifest);
        }
        catch (TrustedFileException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static SignedSigstruct? Sign(MeasureRequest request, EnclaveManifest manifest, byte[] mrEnclave, MeasureOutput output)
    {
        if (request.SigningKeyPath is null && request.SigstructPath is null)
        {
            return null;
        }

        var sigstructPath = request.SigstructPath ?? request.ManifestPath + ".sigstruct";
        using var key = SigningKey.LoadOrCreate(request.SigningKeyPath, sigstructPath + ".key.pem", output);
        var bytes = EnclaveSigner.Sign(key.Rsa, new EnclaveSigningRequest(mrEnclave, manifest.IsvProdId, manifest.IsvSvn, manifest.Debug), request.Date);
        Io.Guard(() => Io.WriteAtomically(sigstructPath, bytes), sigstructPath);
        return new SignedSigstruct(sigstructPath, key.Path, EnclaveMeasurement.MrSigner(key.Rsa));
    }

    private static DateOnly? ParseDate(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 1000
            ? date
            : throw new UsageException($"--sigstruct-date '{value}' is not a yyyy-mm-dd date.");
    }
}

internal sealed record MeasureRequest(
    string Root, string ManifestPath, string RuntimePath, bool RuntimeGiven, string? SigningKeyPath, string? SigstructPath, bool Update, DateOnly? Date);

internal sealed record SignedSigstruct(string Path, string KeyPath, byte[] MrSigner);
