using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Builds (<c>/v1/builds</c>, reference §1 Build, §2.3): registered by WRITERs as PENDING with one BUILD_WHITELIST
/// task, deleted by MANAGERs, read by READERs of the selected account. A build's identity measurement (MRENCLAVE
/// for SGX) is unique per account (Fortanix: "MRENCLAVE unique per account"; answered 409 DuplicateMeasurement).
/// </summary>
internal static class BuildEndpoints
{
    private const int MaxDockerFieldLength = 512;

    public static IEndpointRouteBuilder MapBuilds(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/builds", Create).RequireAccountRole(AccountRole.Writer);
        app.MapGet("/v1/builds", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/builds/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapDelete("/v1/builds/{id:guid}", Delete).RequireAccountRole(AccountRole.Manager);
        return app;
    }

    /// <summary>Also registers the builds of <c>POST /v1/builds/convert-app</c> (ConverterEndpoints).</summary>
    internal static async Task<IResult> Create(
        BuildRequest request, HttpContext context, IAppStore apps, IBuildStore builds, AllowlistTasks tasks, IStoreTransactions transactions,
        IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation()
            .Require(request.AppId is not null || !string.IsNullOrWhiteSpace(request.AppName), "app_id (or app_name) is required.");
        var (kind, enclave, measurements) = BuildIdentity.Read(request, validation);
        AllowlistFields.Text(request.BuildName, "build_name", AllowlistFields.MaxNameLength, validation);
        AllowlistFields.Numbers(request.Isvprodid, request.Isvsvn, request.MemSize, request.Threads, validation);
        if (request.DockerInfo is { } docker)
        {
            validation.Require(!string.IsNullOrWhiteSpace(docker.DockerImageName), "docker_info.docker_image_name is required.")
                .Require(docker.DockerImageSize is null or >= 0, "docker_info.docker_image_size must not be negative.");
            AllowlistFields.Text(docker.DockerImageName, "docker_info.docker_image_name", MaxDockerFieldLength, validation);
            AllowlistFields.Text(docker.DockerVersion, "docker_info.docker_version", MaxDockerFieldLength, validation);
            AllowlistFields.Text(docker.DockerImageSha, "docker_info.docker_image_sha", MaxDockerFieldLength, validation);
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var account = caller.AccountId!.Value;
        var now = time.GetUtcNow();
        var build = new Build
        {
            Id = Guid.NewGuid(), AccountId = account, AppId = Guid.Empty, Name = request.BuildName, TeeKind = kind, EnclaveInfo = enclave,
            Measurements = measurements, Debug = request.Debug ?? false, Status = BuildStatus.Pending,
            DockerInfo = request.DockerInfo is { } d ? new DockerInfo(d.DockerImageName!.Trim(), d.DockerVersion, d.DockerImageSha, d.DockerImageSize) : null,
            MemSize = request.MemSize, Threads = request.Threads, CreatedAt = now, UpdatedAt = now,
        };
        var identity = BuildMeasurements.IdentityOf(build);
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var app = request.AppId is { } appId
                ? await AppEndpoints.FindAsync(apps, appId, caller, cancellationToken)
                : await apps.FindByNameAsync(account, request.AppName!.Trim(), cancellationToken);
            if (app is null)
            {
                return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, "No such app in the selected account.");
            }

            if (await builds.FindByMeasurementAsync(account, kind, identity, cancellationToken) is { } existing)
            {
                return Duplicate(kind, identity, existing.Id);
            }

            var task = await tasks.OpenAsync(caller, TaskType.BuildWhitelist, build.Id,
                $"Allowlist {WireNames.Of(kind)} build {build.Name ?? identity} of app '{app.Name}'", [], [], now, cancellationToken);
            var created = await builds.CreateAsync(build with { AppId = app.Id, PendingTaskId = task.Id }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, account, caller.Email, "build.create", "build:" + created.Id, AuditOutcome.Success, new
            {
                app = app.Id, tee_kind = WireNames.Of(kind), identity, mrsigner = enclave?.Mrsigner, isvprodid = enclave?.IsvProdId,
                isvsvn = enclave?.IsvSvn, measurements, debug = created.Debug, task = task.Id,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/builds/{created.Id}", AllowlistResponses.ToResponse(created, app));
        }
        catch (DuplicateException)
        {
            return Duplicate(kind, identity, null);
        }
    }

    private static async Task<IResult> List(
        HttpContext context, IAppStore apps, IBuildStore builds, string? app_id, string? status, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        var query = new BuildQuery
        {
            AccountId = context.RequireCaller().AccountId!.Value,
            AppId = ListPaging.Id(app_id, "app_id", validation),
            Status = ListPaging.Enum<BuildStatus>(status, "status", validation),
        };
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await builds.ListAsync(query, page, cancellationToken);
        var total = query.AppId is null && query.Status is null
            ? found.TotalCount
            : (await builds.ListAsync(new BuildQuery { AccountId = query.AccountId }, new PageRequest(0, 1), cancellationToken)).TotalCount;
        var appsById = new Dictionary<Guid, App?>();
        var items = new List<BuildResponse>();
        foreach (var build in found.Items)
        {
            if (!appsById.TryGetValue(build.AppId, out var app))
            {
                appsById[build.AppId] = app = await apps.GetAsync(build.AppId, cancellationToken);
            }

            items.Add(AllowlistResponses.ToResponse(build, app));
        }

        return Results.Ok(new ListResponse<BuildResponse>(ListMetadata.For(total, found.TotalCount, page.Limit, page.Offset), items));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IAppStore apps, IBuildStore builds, CancellationToken cancellationToken) =>
        await FindAsync(builds, id, context.RequireCaller(), cancellationToken) is { } build
            ? Results.Ok(AllowlistResponses.ToResponse(build, await apps.GetAsync(build.AppId, cancellationToken)))
            : NotFound(id);

    private static async Task<IResult> Delete(
        Guid id, HttpContext context, IBuildStore builds, AllowlistTasks tasks, IStoreTransactions transactions, IAuditStore audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        var build = await FindAsync(builds, id, caller, cancellationToken);
        if (build is null)
        {
            return NotFound(id);
        }

        await tasks.AbandonAsync(caller, build.PendingTaskId, "the build was deleted", now, cancellationToken);
        await builds.DeleteAsync(build.Id, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, build.AccountId, caller.Email, "build.delete", "build:" + build.Id, AuditOutcome.Success,
            new { app = build.AppId, identity = BuildMeasurements.IdentityOf(build), status = WireNames.Of(build.Status) }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.NoContent();
    }

    private static async Task<Build?> FindAsync(IBuildStore builds, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await builds.GetAsync(id, cancellationToken) is { } build && build.AccountId == caller.AccountId ? build : null;

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No build {id} in the selected account.");

    internal static IResult Duplicate(TeeKind kind, string identity, Guid? existing) =>
        ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.DuplicateMeasurement,
            $"This account already has a {WireNames.Of(kind)} build with identity measurement {identity}{(existing is { } id ? $" (build {id})" : string.Empty)}.");
}
