namespace OpenCcm.Manager.Tls;

/// <summary><c>GET /v1/sys/ca</c>: the manager CA certificate (PEM), without authentication, to bootstrap trust in the manager's HTTPS.</summary>
internal static class ManagerCaEndpoints
{
    public const string PemContentType = "application/x-pem-file";

    public static IEndpointRouteBuilder MapManagerCa(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sys/ca", (ManagerTls tls) => Results.Text(tls.CaCertificatePem, PemContentType)).AllowAnonymous();
        return app;
    }
}
