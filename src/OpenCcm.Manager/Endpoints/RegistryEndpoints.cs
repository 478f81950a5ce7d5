using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Converter;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Registries with stored credentials (<c>/v1/registry</c>, reference §1 Registry, §5): READERs list and read them,
/// WRITERs create, change and delete them. The password (or token) is sealed under the master key and never returned
/// or logged; conversions use it for images on the registry's host. One registry per host and account (409 Conflict).
/// </summary>
internal static class RegistryEndpoints
{
    private const int MaxUrlLength = 512;
    private const int MaxUsernameLength = 256;
    private const int MaxPasswordLength = 8192;
    private const int MaxDescriptionLength = 1024;

    public static IEndpointRouteBuilder MapRegistries(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/registry", Create).RequireAccountRole(AccountRole.Writer);
        app.MapGet("/v1/registry", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/registry/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapMethods("/v1/registry/{id:guid}", ["PATCH"], Update).RequireAccountRole(AccountRole.Writer);
        app.MapDelete("/v1/registry/{id:guid}", Delete).RequireAccountRole(AccountRole.Writer);
        return app;
    }

    private static async Task<IResult> Create(
        RegistryRequest request, HttpContext context, IImageRegistryStore registries, RegistrySecrets secrets, IStoreTransactions transactions,
        IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var host = Host(request.Url, validation);
        var credential = Credential(request.Credential, validation);
        Text(request.Description, "description", MaxDescriptionLength, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var account = caller.AccountId!.Value;
        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            Guid? secretId = credential?.Password is { } password ? await secrets.SealAsync(account, id, password, cancellationToken) : null;
            var created = await registries.CreateAsync(new ImageRegistry
            {
                Id = id, AccountId = account, Url = request.Url!.Trim(), Host = host!, Description = request.Description, Username = credential?.Username,
                CredentialSecretId = secretId, CreatedAt = now, UpdatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, account, caller.Email, "registry.create", "registry:" + id, AuditOutcome.Success,
                new { url = created.Url, host = created.Host, username = created.Username, has_credential = secretId is not null }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/registry/{id}", ToResponse(created));
        }
        catch (DuplicateException)
        {
            return Duplicate(host!);
        }
    }

    private static async Task<IResult> List(HttpContext context, IImageRegistryStore registries, string? limit, string? offset, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await registries.ListAsync(context.RequireCaller().AccountId!.Value, page, cancellationToken);
        return Results.Ok(new ListResponse<RegistryResponse>(
            ListMetadata.For(found.TotalCount, found.TotalCount, page.Limit, page.Offset), [.. found.Items.Select(ToResponse)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IImageRegistryStore registries, CancellationToken cancellationToken) =>
        await FindAsync(registries, id, context.RequireCaller(), cancellationToken) is { } registry ? Results.Ok(ToResponse(registry)) : NotFound(id);

    private static async Task<IResult> Update(
        Guid id, RegistryUpdateRequest request, HttpContext context, IImageRegistryStore registries, RegistrySecrets secrets,
        IStoreTransactions transactions, IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var host = request.Url is null ? null : Host(request.Url, validation);
        var credential = request.Credential is null ? null : Credential(request.Credential, validation);
        Text(request.Description, "description", MaxDescriptionLength, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            if (await FindAsync(registries, id, caller, cancellationToken) is not { } registry)
            {
                return NotFound(id);
            }

            var changed = registry with { UpdatedAt = now };
            if (host is not null)
            {
                changed = changed with { Url = request.Url!.Trim(), Host = host };
            }

            if (request.Description is not null)
            {
                changed = changed with { Description = request.Description };
            }

            if (request.Credential is not null)
            {
                // The credential is replaced whole: the old sealed secret goes, a new one is sealed (or none: anonymous).
                await secrets.DeleteAsync(registry.CredentialSecretId, cancellationToken);
                Guid? secretId = credential?.Password is { } password ? await secrets.SealAsync(registry.AccountId, registry.Id, password, cancellationToken) : null;
                changed = changed with { Username = credential?.Username, CredentialSecretId = secretId };
            }

            var updated = await registries.UpdateAsync(changed, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, registry.AccountId, caller.Email, "registry.update", "registry:" + id, AuditOutcome.Success, new
            {
                url = request.Url is null ? null : updated.Url, host = host, description_changed = request.Description is not null,
                credential_replaced = request.Credential is not null, username = updated.Username, has_credential = updated.CredentialSecretId is not null,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Ok(ToResponse(updated));
        }
        catch (DuplicateException)
        {
            return Duplicate(host ?? "?");
        }
        catch (ConcurrencyException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"Registry {id} changed meanwhile; read it again.");
        }
    }

    private static async Task<IResult> Delete(
        Guid id, HttpContext context, IImageRegistryStore registries, RegistrySecrets secrets, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        if (await FindAsync(registries, id, caller, cancellationToken) is not { } registry)
        {
            return NotFound(id);
        }

        await registries.DeleteAsync(id, cancellationToken);
        await secrets.DeleteAsync(registry.CredentialSecretId, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, registry.AccountId, caller.Email, "registry.delete", "registry:" + id, AuditOutcome.Success,
            new { url = registry.Url, host = registry.Host }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.NoContent();
    }

    private static string? Host(string? url, RequestValidation validation)
    {
        var valid = url is { Length: > 0 and <= MaxUrlLength } && !url.Any(char.IsControl);
        var host = valid ? RegistryHosts.FromUrl(url!) : null;
        validation.Require(host is not null, $"url must be a registry host or URL (host[:port], https://host[:port]/...) of at most {MaxUrlLength} characters.");
        return host;
    }

    private static RegistryAuthConfig? Credential(RegistryCredential? credential, RequestValidation validation)
    {
        if (credential?.Default is not { } auth)
        {
            return null;
        }

        validation
            .Require(auth.Username is { Length: > 0 and <= MaxUsernameLength } && !auth.Username.Any(char.IsControl) && !auth.Username.Contains(':', StringComparison.Ordinal),
                $"credential.default.username must have 1 to {MaxUsernameLength} characters and no ':'.")
            .Require(auth.Password is null or { Length: > 0 and <= MaxPasswordLength }, $"credential.default.password must have 1 to {MaxPasswordLength} characters.");
        return auth;
    }

    private static void Text(string? value, string field, int max, RequestValidation validation) =>
        validation.Require(value is null || value.Length <= max, $"{field} must have at most {max} characters.");

    private static async Task<ImageRegistry?> FindAsync(IImageRegistryStore registries, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await registries.GetAsync(id, cancellationToken) is { } registry && registry.AccountId == caller.AccountId ? registry : null;

    private static RegistryResponse ToResponse(ImageRegistry r) =>
        new(r.Id, r.Url, r.Host, r.Description, r.Username, r.CredentialSecretId is not null, r.CreatedAt.ToUnixTimeSeconds(), r.UpdatedAt.ToUnixTimeSeconds());

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No registry {id} in the selected account.");

    private static IResult Duplicate(string host) =>
        ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"The account already has a registry for host '{host}'.");
}
