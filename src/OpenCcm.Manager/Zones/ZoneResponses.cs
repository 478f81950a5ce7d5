using OpenCcm.Contracts;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Zones;

/// <summary>Zones and join tokens on the wire.</summary>
internal static class ZoneResponses
{
    public static ZoneResponse From(Zone zone, HttpRequest request) => new(
        zone.Id,
        zone.AccountId,
        zone.Name,
        zone.Description,
        zone.CertificateAuthority.RootCertificatePem,
        (long)zone.Policy.NodeRefreshInterval.TotalSeconds,
        (long)zone.Policy.NodeRenewalThreshold.TotalSeconds,
        zone.CertificateAuthority.IssuingCertificatePem,
        ZonePolicyRules.ToContract(zone.Policy),
        CrlUrl(zone.Id, request),
        zone.CreatedAt.ToUnixTimeSeconds(),
        zone.UpdatedAt.ToUnixTimeSeconds());

    /// <summary>The public CRL address as the caller reached the manager (relying parties fetch it anonymously).</summary>
    public static string CrlUrl(Guid zoneId, HttpRequest request) => $"{request.Scheme}://{request.Host}/v1/zones/{zoneId}/crl";

    public static JoinTokenInfo From(JoinToken token, DateTimeOffset now) => new(
        token.Id,
        token.ZoneId,
        token.RevokedAt is not null ? JoinTokenStatuses.Revoked : token.IsUsableAt(now) ? JoinTokenStatuses.Active : JoinTokenStatuses.Expired,
        token.CreatedAt.ToUnixTimeSeconds(),
        token.ExpiresAt?.ToUnixTimeSeconds(),
        token.RevokedAt?.ToUnixTimeSeconds(),
        token.CreatedByUserId);
}
