using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Zones;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// <c>GET /v1/zones/{id}/crl</c>: the zone's CRL for relying parties, without authentication. DER
/// (<c>application/pkix-crl</c>, RFC 5280 §5 / RFC 2585) by default, PEM with <c>?format=pem</c>.
/// </summary>
internal static class CrlEndpoints
{
    public const string DerContentType = "application/pkix-crl";
    public const string PemContentType = "application/x-pem-file";

    public static IEndpointRouteBuilder MapZoneCrls(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/zones/{id:guid}/crl", Get).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Get(
        Guid id, string? format, IZoneStore zones, ICertificateStore certificates, ISealedSecretStore secrets, ZoneAuthorities authorities,
        ZoneCrls crls, TimeProvider time, CancellationToken cancellationToken)
    {
        if (format is not (null or "der" or "pem"))
        {
            return ApiProblems.Result(StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed, "format must be 'der' (default) or 'pem'.");
        }

        var zone = await zones.GetAsync(id, cancellationToken);
        if (zone is null)
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No zone {id}.");
        }

        var revoked = await certificates.ListRevokedAsync(zone.Id, time.GetUtcNow(), cancellationToken);
        var crl = await crls.GetAsync(zone.Id, revoked, c => authorities.GetAsync(zone, secrets, c), cancellationToken);
        return format == "pem"
            ? Results.Text(crl.Pem, PemContentType)
            : Results.Bytes(crl.Der, DerContentType, lastModified: crl.ThisUpdate);
    }
}
