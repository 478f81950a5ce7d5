using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Apps (<c>/v1/apps</c>, reference §1 App, §2.3): created and changed by WRITERs, deleted by MANAGERs, read by
/// READERs of the selected account. Requesting domains opens one DOMAIN_WHITELIST task; until it closes the app is
/// frozen (409 DomainTaskPending, as Fortanix) and only <c>whitelisted_domains</c> are in force.
/// </summary>
internal static class AppEndpoints
{
    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/apps", Create).RequireAccountRole(AccountRole.Writer);
        app.MapGet("/v1/apps", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/apps/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapPatch("/v1/apps/{id:guid}", Update).RequireAccountRole(AccountRole.Writer);
        app.MapDelete("/v1/apps/{id:guid}", Delete).RequireAccountRole(AccountRole.Manager);
        return app;
    }

    private static async Task<IResult> Create(
        AppRequest request, HttpContext context, IAppStore apps, AllowlistTasks tasks, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var name = AllowlistFields.Name(request.Name, "name", validation);
        AllowlistFields.Text(request.Description, "description", AllowlistFields.MaxDescriptionLength, validation);
        AllowlistFields.Text(request.InputImageName, "input_image_name", AllowlistFields.MaxImageNameLength, validation);
        AllowlistFields.Text(request.OutputImageName, "output_image_name", AllowlistFields.MaxImageNameLength, validation);
        AllowlistFields.Numbers(request.Isvprodid, request.Isvsvn, request.MemSize, request.Threads, validation);
        var domains = DomainNames.NormalizeAll(request.AllowedDomains, validation);
        var labels = request.Labels ?? new Dictionary<string, string>();
        AppLabels.Validate(labels, validation);
        var certificate = AppAdvancedSettings.Read(request.AdvancedSettings, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        var appId = Guid.NewGuid();
        var document = new AppDocument(request.AdvancedSettings, request.Isvprodid ?? 0, request.Isvsvn ?? 0, request.MemSize ?? 0, request.Threads ?? 0);
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var task = domains.Count == 0
                ? null
                : await tasks.OpenAsync(caller, TaskType.DomainWhitelist, appId, $"Approve domains {string.Join(", ", domains)} for app '{name}'", domains, [], now, cancellationToken);
            var created = await apps.CreateAsync(new App
            {
                Id = appId, AccountId = caller.AccountId!.Value, Name = name, Description = request.Description, AllowedDomains = domains,
                PendingTaskId = task?.Id, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal), CertificateSettings = certificate,
                InputImageName = request.InputImageName, OutputImageName = request.OutputImageName, AdvancedSettingsJson = document.Write(),
                CreatedAt = now, UpdatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, created.AccountId, caller.Email, "app.create", "app:" + appId, AuditOutcome.Success,
                new { name, allowed_domains = domains, labels, task = task?.Id }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/apps/{appId}", AllowlistResponses.ToResponse(created));
        }
        catch (DuplicateException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"An app named '{name}' exists in this account.");
        }
    }

    private static async Task<IResult> List(HttpContext context, IAppStore apps, string? name, string? limit, string? offset, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var account = context.RequireCaller().AccountId!.Value;
        var all = await apps.ListAsync(account, name is null ? page : new PageRequest(0, 1), cancellationToken);
        IReadOnlyList<App> items = name is null
            ? all.Items
            : await apps.FindByNameAsync(account, name, cancellationToken) is { } named && page.Offset == 0 ? [named] : [];
        var filtered = name is null ? all.TotalCount : items.Count;
        return Results.Ok(new ListResponse<AppResponse>(
            ListMetadata.For(all.TotalCount, filtered, page.Limit, page.Offset), [.. items.Select(AllowlistResponses.ToResponse)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IAppStore apps, CancellationToken cancellationToken) =>
        await FindAsync(apps, id, context.RequireCaller(), cancellationToken) is { } app
            ? Results.Ok(AllowlistResponses.ToResponse(app))
            : NotFound(id);

    private static async Task<IResult> Update(
        Guid id, AppUpdateRequest request, HttpContext context, IAppStore apps, AllowlistTasks tasks, IStoreTransactions transactions,
        IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        AllowlistFields.Text(request.Description, "description", AllowlistFields.MaxDescriptionLength, validation);
        AllowlistFields.Text(request.InputImageName, "input_image_name", AllowlistFields.MaxImageNameLength, validation);
        AllowlistFields.Text(request.OutputImageName, "output_image_name", AllowlistFields.MaxImageNameLength, validation);
        AllowlistFields.Numbers(request.Isvprodid, request.Isvsvn, request.MemSize, request.Threads, validation);
        var domains = request.AllowedDomains is null ? null : DomainNames.NormalizeAll(request.AllowedDomains, validation);
        var certificate = request.AdvancedSettings is null ? null : AppAdvancedSettings.Read(request.AdvancedSettings, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var app = await FindAsync(apps, id, caller, cancellationToken);
            if (app is null)
            {
                return NotFound(id);
            }

            if (app.PendingTaskId is { } pending)
            {
                return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.DomainTaskPending,
                    $"App {id} cannot change while its domain task {pending} is open; approve or deny it first.");
            }

            var labels = app.Labels;
            if (request.Labels is { } change)
            {
                var patched = AppLabels.Apply(app.Labels, change, out var error);
                var labelValidation = new RequestValidation().Require(patched is not null, error ?? string.Empty);
                if (patched is not null)
                {
                    AppLabels.Validate(patched, labelValidation);
                }

                if (!labelValidation.IsValid)
                {
                    return labelValidation.Problem();
                }

                labels = patched!;
            }

            var (added, removed) = domains is null ? ([], []) : DomainNames.Diff(app.WhitelistedDomains, domains);
            var task = added.Count + removed.Count == 0
                ? null
                : await tasks.OpenAsync(caller, TaskType.DomainWhitelist, app.Id, DomainTaskDescription(app.Name, added, removed), added, removed, now, cancellationToken);
            var document = AppDocument.Read(app.AdvancedSettingsJson);
            document = new AppDocument(
                request.AdvancedSettings ?? document.AdvancedSettings, request.Isvprodid ?? document.Isvprodid, request.Isvsvn ?? document.Isvsvn,
                request.MemSize ?? document.MemSize, request.Threads ?? document.Threads);
            var updated = await apps.UpdateAsync(app with
            {
                Description = request.Description ?? app.Description,
                InputImageName = request.InputImageName ?? app.InputImageName,
                OutputImageName = request.OutputImageName ?? app.OutputImageName,
                AllowedDomains = domains ?? app.AllowedDomains,
                PendingTaskId = task?.Id,
                Labels = labels,
                CertificateSettings = certificate ?? app.CertificateSettings,
                AdvancedSettingsJson = document.Write(),
                UpdatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, app.AccountId, caller.Email, "app.update", "app:" + app.Id, AuditOutcome.Success,
                new { domains_added = added, domains_removed = removed, labels = updated.Labels, task = task?.Id }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Ok(AllowlistResponses.ToResponse(updated));
        }
        catch (ConcurrencyException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"App {id} changed meanwhile; read it again and retry.");
        }
    }

    private static async Task<IResult> Delete(
        Guid id, HttpContext context, IAppStore apps, IBuildStore builds, AllowlistTasks tasks, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        var app = await FindAsync(apps, id, caller, cancellationToken);
        if (app is null)
        {
            return NotFound(id);
        }

        // The store deletes the app's builds with it; their open tasks (and the app's) can no longer be carried out.
        var appBuilds = new List<Build>();
        for (var offset = 0; ; offset += PageRequest.MaxLimit)
        {
            var page = await builds.ListAsync(new BuildQuery { AccountId = app.AccountId, AppId = app.Id }, new PageRequest(offset, PageRequest.MaxLimit), cancellationToken);
            appBuilds.AddRange(page.Items);
            if (page.Items.Count < PageRequest.MaxLimit)
            {
                break;
            }
        }

        await tasks.AbandonAsync(caller, app.PendingTaskId, "the app was deleted", now, cancellationToken);
        foreach (var build in appBuilds)
        {
            await tasks.AbandonAsync(caller, build.PendingTaskId, "the build's app was deleted", now, cancellationToken);
        }

        await apps.DeleteAsync(app.Id, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, app.AccountId, caller.Email, "app.delete", "app:" + app.Id, AuditOutcome.Success,
            new { name = app.Name, builds = appBuilds.Select(b => b.Id) }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.NoContent();
    }

    internal static async Task<App?> FindAsync(IAppStore apps, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await apps.GetAsync(id, cancellationToken) is { } app && app.AccountId == caller.AccountId ? app : null;

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No app {id} in the selected account.");

    private static string DomainTaskDescription(string app, IReadOnlyList<string> added, IReadOnlyList<string> removed) =>
        $"Change domains of app '{app}': add [{string.Join(", ", added)}], remove [{string.Join(", ", removed)}]";
}
