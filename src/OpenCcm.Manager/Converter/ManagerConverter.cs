using Microsoft.AspNetCore.Mvc;
using OpenCcm.Contracts;
using OpenCcm.Converter;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;
using OpenCcm.Oci;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// Runs conversions in the manager process: waits for a slot (<see cref="ConversionSlots"/>), resolves credentials
/// (the request's, else the account's stored registry for the image's host, else anonymous), signs with the account's
/// key, and audits the outcome (<c>converter.convert</c>: images, digest and measurement, or the refusal code — never
/// a credential). The signing key stays in memory; spooled layers live in a private temporary directory removed at the end.
/// </summary>
internal sealed class ManagerConverter(
    ConverterSettings settings, ConversionSlots slots, AccountSigningKeys signingKeys, IImageRegistryStore registries, RegistrySecrets secrets,
    IStoreTransactions transactions, IAuditStore audit, TimeProvider time, ILogger<ManagerConverter> logger)
{
    public async Task<(ConversionResult? Result, ProblemDetails? Problem)> ConvertAsync(Caller caller, ConversionRequest request, CancellationToken cancellationToken)
    {
        using var slot = await slots.TryEnterAsync(cancellationToken);
        if (slot is null)
        {
            return (null, ConversionProblems.Busy(settings.MaxConcurrent, settings.MaxWaiting));
        }

        var account = caller.AccountId!.Value;
        var work = WorkDirectory();
        try
        {
            using var signingKey = await signingKeys.GetKeyAsync(caller, cancellationToken);
            var options = request.Options with
            {
                RuntimePath = settings.ResolveRuntimePath(),
                RuntimeLibraries = settings.RuntimeLibraries,
                SigningKey = signingKey,
                SigningKeyPath = null,
                GeneratedSigningKeyPath = null,
                SigstructOutputPath = null,
                TemporaryDirectory = work.FullName,
            };
            using var sourceClient = new RegistryClient(await ClientOptionsAsync(account, request.Source, request.SourceAuth, cancellationToken));
            using var targetClient = new RegistryClient(await ClientOptionsAsync(account, request.Target, request.TargetAuth, cancellationToken));
            var source = sourceClient.OpenRepository(request.Source);
            var target = targetClient.OpenRepository(request.Target);
            var result = await ImageConverter.ConvertAsync(source, request.Source, target, request.Target, options, progress: null, cancellationToken);
            await AuditAsync(caller, request, AuditOutcome.Success, new
            {
                input = request.Source.ToString(), output = request.Target.ToString(), image_sha = result.ImageSha, image_size = result.ImageSize,
                mrenclave = result.MrEnclave, mrsigner = result.MrSigner, isvprodid = result.IsvProdId, isvsvn = result.IsvSvn, debug = options.Debug,
            }, cancellationToken);
            return (result, null);
        }
        catch (ConversionException e)
        {
            await AuditAsync(caller, request, AuditOutcome.Failure, new { input = request.Source.ToString(), output = request.Target.ToString(), code = e.Code }, cancellationToken);
            return (null, ConversionProblems.For(e));
        }
        catch (OciException e)
        {
            await AuditAsync(caller, request, AuditOutcome.Failure, new { input = request.Source.ToString(), output = request.Target.ToString(), code = e.Code }, cancellationToken);
            return (null, ConversionProblems.For(e));
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning("Could not remove the conversion directory {Directory}: {Message}", work.FullName, e.Message);
            }
        }
    }

    // Private to the manager's user (0700): layers of private images may be spooled there while the conversion runs.
    private DirectoryInfo WorkDirectory()
    {
        if (settings.TemporaryDirectory is not { } root)
        {
            return Directory.CreateTempSubdirectory("ccm-manager-convert-");
        }

        var path = Path.Combine(root, "ccm-manager-convert-" + Guid.NewGuid().ToString("N"));
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Credentials for one side: the request's, else the account's stored registry for the image's host, else none.</summary>
    private async Task<RegistryClientOptions> ClientOptionsAsync(Guid account, ImageReference image, RegistryAuthConfig? given, CancellationToken cancellationToken)
    {
        var options = new RegistryClientOptions();
        foreach (var host in settings.InsecureRegistries)
        {
            options.InsecureRegistries.Add(host);
        }

        var credentials = given is { Username: { } user, Password: { } password }
            ? new RegistryCredentials(user, password)
            : await registries.FindByHostAsync(account, image.Registry, cancellationToken) is { } stored
                ? await secrets.UnsealAsync(stored, cancellationToken)
                : null;
        options.Credentials = host => string.Equals(host, image.Registry, StringComparison.OrdinalIgnoreCase) ? credentials : null;
        return options;
    }

    private async Task AuditAsync(Caller caller, ConversionRequest request, AuditOutcome outcome, object details, CancellationToken cancellationToken)
    {
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        await audit.AppendAsync(Audit.Entry(time.GetUtcNow(), caller.AccountId, caller.Email, "converter.convert", "image:" + request.Target, outcome, details), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
