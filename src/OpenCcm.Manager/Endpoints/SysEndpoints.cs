using System.Reflection;
using OpenCcm.Contracts;

namespace OpenCcm.Manager.Endpoints;

/// <summary><c>/v1/sys/*</c> that need no authentication, as in Fortanix CCM.</summary>
internal static class SysEndpoints
{
    public static readonly string Version =
        typeof(SysEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapSys(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sys/version", () => new VersionResponse(Version, "v1", "manager"))
            .WithName("GetVersion")
            .AllowAnonymous();
        return app;
    }
}
