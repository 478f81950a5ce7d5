using Microsoft.Net.Http.Headers;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.WebConsole;

/// <summary>
/// The web console (docs/console.md) at <c>/console/</c>: hand-written HTML, one ES module and CSS, embedded in this
/// assembly and served with a strict Content-Security-Policy (no inline script or style, nothing from elsewhere, no
/// framing). It is a client of the REST API like any other; the API's authenticated answers are never cached.
/// (The namespace is not <c>...Console</c> so that <c>System.Console</c> keeps its name inside the manager.)
/// </summary>
internal static class ConsoleEndpoints
{
    public const string BasePath = "/console/";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication MapConsole(this WebApplication app)
    {
        var assets = ConsoleAssets.Load();
        app.Use(NeverCacheApiAnswers);
        app.MapGet("/", () => Results.Redirect(BasePath)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/console/{*file}", (string? file, HttpContext context) => Serve(assets, file, context)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(ConsoleAssets assets, string? file, HttpContext context)
    {
        // Routing matches /console and /console/ alike; relative asset URLs need the slash.
        if (string.IsNullOrEmpty(file) && !context.Request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect(BasePath);
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        if (!assets.TryGet(string.IsNullOrEmpty(file) ? "index.html" : file, out var asset))
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"The console has no file '{file}'.");
        }

        // Revalidated on every load (ETag), so a manager upgrade reaches every open browser at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch.Contains(asset.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    // Answers of the API carry tokens, keys and account data: no browser or proxy may keep them.
    private static Task NeverCacheApiAnswers(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
        }

        return next();
    }
}
