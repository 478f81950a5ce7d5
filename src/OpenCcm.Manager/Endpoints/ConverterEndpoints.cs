using OpenCcm.Contracts;
using OpenCcm.Converter;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Converter;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// The converter (reference §3): <c>POST /v1/tools/converter/convert-app</c> converts and answers Fortanix's
/// ConversionResponse; <c>POST /v1/builds/convert-app</c> converts the app's image and registers the build as
/// <c>POST /v1/builds</c> does (PENDING, one BUILD_WHITELIST task). WRITERs of the selected account; conversions run in
/// the manager process, a bounded number at once (429 ConverterBusy beyond the line). docs/converter-interfaces.md.
/// </summary>
internal static class ConverterEndpoints
{
    public static IEndpointRouteBuilder MapConverter(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/tools/converter/convert-app", ConvertApp).RequireAccountRole(AccountRole.Writer);
        app.MapPost("/v1/builds/convert-app", ConvertAppBuild).RequireAccountRole(AccountRole.Writer);
        return app;
    }

    private static async Task<IResult> ConvertApp(ConvertAppRequest request, HttpContext context, ManagerConverter converter, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var conversion = ConvertAppMapping.Read(request, validation);
        if (conversion is null)
        {
            return validation.Problem();
        }

        var (result, problem) = await converter.ConvertAsync(context.RequireCaller(), conversion, cancellationToken);
        return result is null ? Results.Problem(problem!) : Results.Ok(ToResponse(result));
    }

    private static async Task<IResult> ConvertAppBuild(
        ConvertAppBuildRequest request, HttpContext context, ManagerConverter converter, IAppStore apps, IBuildStore builds, AllowlistTasks tasks,
        IStoreTransactions transactions, IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation().Require(request.AppId is not null, "app_id is required.");
        AllowlistFields.Text(request.BuildName, "build_name", AllowlistFields.MaxNameLength, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        if (await AppEndpoints.FindAsync(apps, request.AppId!.Value, caller, cancellationToken) is not { } app)
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No app {request.AppId} in the selected account.");
        }

        var conversion = AppConversionMapping.Read(app, request, validation);
        if (conversion is null)
        {
            return validation.Problem();
        }

        // A measurement the account already has is refused before anything is published: nothing is pushed for a build
        // that would not be registered. (The registration below checks again, inside its transaction.)
        (string MrEnclave, Guid Build)? duplicate = null;
        var account = caller.AccountId!.Value;
        conversion = conversion with
        {
            Options = conversion.Options with
            {
                BeforePublish = async (measured, token) =>
                {
                    if (await builds.FindByMeasurementAsync(account, TeeKind.Sgx, measured.MrEnclave, token) is { } existing)
                    {
                        duplicate = (measured.MrEnclave, existing.Id);
                        throw new ConversionException(ConversionErrorCodes.PublishRefused, $"The account already has build {existing.Id} with this MRENCLAVE; nothing was pushed.");
                    }
                },
            },
        };
        var (result, problem) = await converter.ConvertAsync(caller, conversion, cancellationToken);
        if (duplicate is { } found)
        {
            return BuildEndpoints.Duplicate(TeeKind.Sgx, found.MrEnclave, found.Build);
        }

        if (result is null)
        {
            return Results.Problem(problem!);
        }

        // Registered exactly as POST /v1/builds registers one: same checks (duplicate MRENCLAVE → 409), task, audit.
        var target = conversion.Target;
        var build = new BuildRequest(
            app.Id, null, result.MrEnclave, result.MrSigner, result.IsvProdId, result.IsvSvn,
            new BuildDockerInfo(target.WithoutTagOrDigest().ToString(), target.Tag, result.ImageSha, result.ImageSize),
            request.BuildName, conversion.Options.Debug, MemSizeMb(conversion.Options), conversion.Options.Threads, null, null);
        return await BuildEndpoints.Create(build, context, apps, builds, tasks, transactions, audit, time, cancellationToken);
    }

    private static long? MemSizeMb(ConversionOptions options) =>
        options.MemSize is { Length: > 1 } size && size[^1] == 'M' && long.TryParse(size[..^1], System.Globalization.CultureInfo.InvariantCulture, out var mb) ? mb : null;

    private static ConvertAppResponse ToResponse(ConversionResult result) =>
        new(result.NewImage, result.ImageSha, result.ImageSize, result.IsvProdId, result.IsvSvn, result.MrEnclave, result.MrSigner);
}
