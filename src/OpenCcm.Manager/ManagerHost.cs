using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using OpenCcm.Contracts;
using OpenCcm.Manager.Endpoints;
using OpenCcm.Manager.Heartbeats;
using OpenCcm.Manager.Hosting;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Tls;
using OpenCcm.Manager.WebConsole;
using Prometheus;

namespace OpenCcm.Manager;

/// <summary>Builds the manager's web application; <c>ccm manager</c> runs it, tests start it on a loopback port.</summary>
public static class ManagerHost
{
    public static WebApplication Build(ManagerOptions options, string[]? args = null)
    {
        var addresses = ListenAddresses.Parse(options.Listen);
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Services.AddManager(options);
        // Operators read the log: lifetime and our own messages, not every SQL command or request.
        var frameworkLevel = options.MinimumLogLevel > LogLevel.Warning ? options.MinimumLogLevel : LogLevel.Warning;
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", frameworkLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", frameworkLevel);
        builder.Services.AddHostedService<ManagerStartup>();
        builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https:// addresses out otherwise
        builder.WebHost.UseUrls([.. addresses.Select(a => a.ToString().TrimEnd('/'))]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.UseManagerTls();
        });
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = ContractJson.Options.PropertyNamingPolicy;
            json.SerializerOptions.DefaultIgnoreCondition = ContractJson.Options.DefaultIgnoreCondition;
        });
        builder.Services.AddProblemDetails();
        // Bind failures throw, so the exception handler can tell malformed JSON (MalformedJson) from other 400s.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        // The manager CA and server certificate exist from the start (manager-ca.pem is written even when only loopback HTTP is served).
        app.Services.GetRequiredService<ManagerTls>();
        app.UseExceptionHandler(errors => errors.Run(WriteUnhandledProblem));
        app.UseStatusCodePages(context => WriteStatusProblem(context.HttpContext));
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapSys();
        app.MapAuth();
        app.MapUsers();
        app.MapAccounts();
        app.MapMembers();
        app.MapApps();
        app.MapBuilds();
        app.MapTasks();
        app.MapZones();
        app.MapZoneCrls();
        app.MapManagerCa();
        app.MapAudit();
        app.MapNodes();
        app.MapNodeStatus();
        app.MapCertificates();
        app.MapHeartbeats();
        app.MapInstances();
        app.MapRegistries();
        app.MapConverter();
        app.MapConsole();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health");
        app.MapMetrics("/metrics");
        return app;
    }

    // A bare status (no route, wrong method) still answers with a problem and its stable code.
    private static Task WriteStatusProblem(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var problem = ApiProblems.Create(status, ApiProblems.CodeFor(status), $"{context.Request.Method} {context.Request.Path} answered {status}.");
        return Results.Problem(problem).ExecuteAsync(context);
    }

    // Never leak internals: the client gets a code, the log gets the exception.
    private static Task WriteUnhandledProblem(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, code, detail) = error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, ApiProblems.PayloadTooLarge, "The request body is too large."),
            BadHttpRequestException bad when bad.InnerException is JsonException => (400, ApiProblems.MalformedJson, "The request body is not valid JSON for this call."),
            BadHttpRequestException bad => (bad.StatusCode, ApiProblems.CodeFor(bad.StatusCode), bad.Message),
            _ => (500, ApiProblems.InternalError, "The manager failed to handle the request; see its log."),
        };
        context.Response.StatusCode = status;
        return Results.Problem(ApiProblems.Create(status, code, detail)).ExecuteAsync(context);
    }
}
