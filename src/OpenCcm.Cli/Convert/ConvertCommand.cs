using System.CommandLine;
using OpenCcm.Converter;
using OpenCcm.Oci;
using OpenCcm.Oci.Registry;
using Spectre.Console;

namespace OpenCcm.Cli.ImageConversion;

/// <summary>
/// <c>ccm convert --from REF --to REF</c> (issue 6, docs/converter-interfaces.md): converts an image between registries
/// or oci: layouts. Exit 0 converted, 1 refused content (the converter's or the OCI client's code is printed), 2 usage
/// or I/O error (unreachable registry, missing runtime, bad options).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string>("--from") { Description = "Source image: [registry/]repo[:tag][@digest] or oci:DIR[:tag].", Required = true };
        var to = new Option<string>("--to") { Description = "Target image (a tag, not a digest).", Required = true };
        var insecure = new Option<string[]>("--insecure-registry") { Description = "Registry host[:port] spoken to over plain HTTP (repeatable).", AllowMultipleArgumentsPerToken = false };
        var srcCreds = new Option<string?>("--src-creds") { Description = $"USER:PASSWORD for the source registry (USER alone: password from ${RegistryCredentialOptions.PasswordVariable}); default: the Docker config file." };
        var destCreds = new Option<string?>("--dest-creds") { Description = "USER:PASSWORD for the target registry (as --src-creds)." };
        var signingKey = new Option<string?>("--signing-key") { Description = "PEM RSA-3072 e=3 key that signs the SIGSTRUCT (default: a new key, saved next to --sigstruct-out or in the working directory)." };
        var sigstructOut = new Option<string?>("--sigstruct-out") { Description = "Also write the SIGSTRUCT here." };
        var certificates = new Option<string[]>("--certificate") { Description = "A certificate request as a JSON object of the enclave manifest (repeatable)." };
        var caCertificates = new Option<string[]>("--ca-certificate") { Description = "A CA installation as a JSON object of the enclave manifest (repeatable)." };
        var heartbeat = new Option<int?>("--heartbeat") { Description = "Send heartbeats every SECONDS (default: off)." };
        var isvprodid = new Option<int>("--isvprodid") { Description = "ISVPRODID (0..65535).", DefaultValueFactory = _ => 0 };
        var isvsvn = new Option<int>("--isvsvn") { Description = "ISVSVN (0..65535).", DefaultValueFactory = _ => 0 };
        var rwDirs = new Option<string[]>("--rw-dir") { Description = "A directory the workload writes; not hashed (repeatable)." };
        var encryptedDirs = new Option<string[]>("--encrypted-dir") { Description = "A directory the runtime seals; not hashed (repeatable)." };
        var entrypoint = new Option<string[]>("--entrypoint") { Description = "Replaces the image's entrypoint: the program, then its leading arguments (repeat the option per word).", AllowMultipleArgumentsPerToken = true };
        var args = new Option<string[]>("--arg") { Description = "Replaces the image's cmd (repeatable)." };
        var env = new Option<string[]>("--env") { Description = "KEY=value added to the image's environment (repeatable)." };
        var memSize = new Option<string?>("--mem-size") { Description = "Enclave size, e.g. 2048M (recorded)." };
        var threads = new Option<int?>("--threads") { Description = "Enclave threads (recorded)." };
        var runtime = new Option<string?>("--runtime") { Description = $"The {RuntimeLocator.FileName} to put in the image (default: next to ccm, or artifacts/runtime or artifacts/ccm of the checkout)." };
        var debug = new Option<bool>("--debug") { Description = "Sign a debug enclave." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (newImage, imageSHA, imageSize, isvprodid, isvsvn, mrenclave, mrsigner)." };
        var command = new Command("convert", "Convert an image into a confidential one: every file hashed into an enclave manifest, ccm-runtime added, measured and signed. Exit 0 ok, 1 refused content, 2 usage or I/O error.")
        {
            from, to, insecure, srcCreds, destCreds, signingKey, sigstructOut, certificates, caCertificates, heartbeat, isvprodid, isvsvn,
            rwDirs, encryptedDirs, entrypoint, args, env, memSize, threads, runtime, debug, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new ConvertRequest(
                parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(insecure) ?? [], parse.GetValue(srcCreds), parse.GetValue(destCreds),
                parse.GetValue(runtime), parse.GetValue(json), ReadOptions(parse));
            return RunAsync(request, new ConvertOutput(stdout, stderr, request.Json), cancellationToken);
        });
        return command;

        ConversionOptions ReadOptions(ParseResult parse)
        {
            try
            {
                return Options(parse);
            }
            catch (ConversionException e)
            {
                throw new UsageException($"{e.Message} ({e.Code})");
            }
        }

        ConversionOptions Options(ParseResult parse) => new()
        {
            RuntimePath = "(resolved below)",
            SigningKeyPath = parse.GetValue(signingKey),
            SigstructOutputPath = parse.GetValue(sigstructOut),
            Certificates = [.. (parse.GetValue(certificates) ?? []).SelectMany(c => ConversionOptions.ParseCertificates("[" + c + "]"))],
            CaCertificates = [.. (parse.GetValue(caCertificates) ?? []).SelectMany(c => ConversionOptions.ParseCaCertificates("[" + c + "]"))],
            HeartbeatSeconds = parse.GetValue(heartbeat),
            IsvProdId = UShort(parse.GetValue(isvprodid), "--isvprodid"),
            IsvSvn = UShort(parse.GetValue(isvsvn), "--isvsvn"),
            RwDirs = parse.GetValue(rwDirs) ?? [],
            EncryptedDirs = parse.GetValue(encryptedDirs) ?? [],
            Entrypoint = parse.GetValue(entrypoint) is { Length: > 0 } e ? e : null,
            EntrypointArgs = parse.GetValue(args) is { Length: > 0 } a ? a : null,
            Env = Env(parse.GetValue(env) ?? []),
            MemSize = parse.GetValue(memSize),
            Threads = parse.GetValue(threads),
            Debug = parse.GetValue(debug),
        };
    }

    private static async Task<int> RunAsync(ConvertRequest request, ConvertOutput output, CancellationToken cancellationToken)
    {
        var source = Reference(request.From, "--from");
        var target = Reference(request.To, "--to");
        if (target.Digest is not null)
        {
            throw new UsageException("--to must name a tag, not a digest.");
        }

        var options = request.Options with
        {
            RuntimePath = RuntimeLocator.Resolve(request.RuntimePath),
            GeneratedSigningKeyPath = request.Options.SigningKeyPath is null ? GeneratedKeyPath(request.Options.SigstructOutputPath, output) : null,
        };
        var dockerConfig = LoadDockerConfig();
        using var sourceClient = new RegistryClient(RegistryCredentialOptions.For(source, request.SourceCredentials, "--src-creds", dockerConfig, request.InsecureRegistries));
        using var targetClient = new RegistryClient(RegistryCredentialOptions.For(target, request.TargetCredentials, "--dest-creds", dockerConfig, request.InsecureRegistries));
        try
        {
            var from = ImageStores.Open(source, sourceClient);
            var to = ImageStores.Open(target, targetClient);
            var result = await output.WithProgressAsync(progress => ImageConverter.ConvertAsync(from, source, to, target, options, progress, cancellationToken));
            output.Result(result, options);
            return 0;
        }
        catch (ConversionException e)
        {
            return output.Refused(e.Code is ConversionErrorCodes.InvalidOptions or ConversionErrorCodes.SigningKeyInvalid or ConversionErrorCodes.RuntimeMissing
                ? ExitCodes.UsageOrIoError : ExitCodes.NotAuthentic, e.Code, e.Message);
        }
        catch (OciException e)
        {
            return output.Refused(e.Code is OciErrorCodes.ConnectionFailed or OciErrorCodes.LayoutInvalid ? ExitCodes.UsageOrIoError : ExitCodes.NotAuthentic, e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Refused(ExitCodes.UsageOrIoError, "IoError", e.Message);
        }
    }

    private static ImageReference Reference(string text, string option) =>
        ImageReference.TryParse(text, out var reference, out var error) ? reference : throw new UsageException($"{option}: {error}");

    private static DockerConfig LoadDockerConfig()
    {
        try
        {
            return DockerConfig.Load();
        }
        catch (OciException e)
        {
            throw new UsageException(e.Message);
        }
    }

    // A generated key must be kept to keep the mrsigner: beside the SIGSTRUCT, else in the working directory; never overwritten.
    private static string GeneratedKeyPath(string? sigstructPath, ConvertOutput output)
    {
        var path = sigstructPath is null ? Path.GetFullPath("ccm-signing-key.pem") : sigstructPath + ".key.pem";
        if (File.Exists(path))
        {
            throw new UsageException($"'{path}' exists: pass it with --signing-key to sign with it, or remove it.");
        }

        output.Note($"a new RSA-3072 e=3 signing key will be saved to {path} (mode 0600; keep it to keep the same mrsigner)");
        return path;
    }

    private static ushort UShort(int value, string option) =>
        value is >= 0 and <= ushort.MaxValue ? (ushort)value : throw new UsageException($"{option} must be 0..65535.");

    private static Dictionary<string, string>? Env(string[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--env '{entry}' is not KEY=value.");
            }

            env[entry[..equals]] = entry[(equals + 1)..];
        }

        return env;
    }
}

internal sealed record ConvertRequest(
    string From, string To, IReadOnlyList<string> InsecureRegistries, string? SourceCredentials, string? TargetCredentials, string? RuntimePath,
    bool Json, ConversionOptions Options);
