using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Core.Models;
using OpenCcm.Pki.Revocation;
using PkiZoneCa = OpenCcm.Pki.Authority.ZoneCertificateAuthority;

namespace OpenCcm.Manager.Zones;

/// <summary>
/// The zones' CRLs (RFC 5280 §5), signed by each zone's issuing CA and cached per zone (a singleton; thread-safe).
/// A cached CRL is served until the zone's revocation list changes or half of its 7-day lifetime has passed.
/// "Changes" is decided by a stamp: SHA-256 over the entries (serial, revocation time, reason) the store returns,
/// so a revocation made by another manager process on the same database is seen too, and an entry dropping off
/// because its certificate expired refreshes the CRL as well.
/// </summary>
internal sealed class ZoneCrls(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<Guid, Cached> _cache = new();
    private readonly CrlNumbers _numbers = new();

    /// <summary>
    /// The CRL of <paramref name="zoneId"/> listing <paramref name="revoked"/> (its REVOKED, unexpired certificates);
    /// <paramref name="authority"/> is asked for the zone CA only when a new CRL must be signed.
    /// </summary>
    public async ValueTask<SignedCrl> GetAsync(
        Guid zoneId, IReadOnlyList<Certificate> revoked, Func<CancellationToken, ValueTask<PkiZoneCa>> authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        ArgumentNullException.ThrowIfNull(authority);
        var stamp = Stamp(revoked);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(zoneId, out var cached) && cached.IsFreshFor(stamp, now))
        {
            return cached.Crl;
        }

        var ca = await authority(cancellationToken);
        var crl = ca.CreateCrl(revoked.Select(Entry), _numbers.Next(zoneId, now), Lifetime);
        // Two requests may sign at once; the cache keeps the higher number so it never goes back.
        _cache.AddOrUpdate(zoneId, new Cached(stamp, crl), (_, old) => old.Crl.Number > crl.Number ? old : new Cached(stamp, crl));
        return crl;
    }

    private static RevokedCertificate Entry(Certificate certificate) =>
        new(certificate.Serial, certificate.RevokedAt ?? certificate.UpdatedAt, Reason(certificate.Reason));

    /// <summary>
    /// RFC 5280 §5.3.1 reason names as the store keeps them (e.g. <c>cessationOfOperation</c>); <c>unspecified</c> and
    /// unknown names give no reason extension (the RFC says unspecified SHOULD be absent).
    /// </summary>
    internal static X509RevocationReason? Reason(string? name) =>
        name is { Length: > 0 } && name.All(char.IsAsciiLetter)
            && Enum.TryParse<X509RevocationReason>(name, ignoreCase: true, out var reason) && reason != X509RevocationReason.Unspecified
            ? reason
            : null;

    internal static string Stamp(IReadOnlyList<Certificate> revoked)
    {
        var text = new StringBuilder();
        foreach (var certificate in revoked)
        {
            text.Append(certificate.Serial).Append('|')
                .Append((certificate.RevokedAt ?? certificate.UpdatedAt).UtcTicks).Append('|')
                .Append(certificate.Reason).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record Cached(string Stamp, SignedCrl Crl)
    {
        public bool IsFreshFor(string stamp, DateTimeOffset now) =>
            Stamp == stamp && now >= Crl.ThisUpdate && now < Crl.ThisUpdate + ((Crl.NextUpdate - Crl.ThisUpdate) / 2);
    }
}

/// <summary>
/// CRL numbers without a counter in the store: microseconds since the Unix epoch, and at least one more than the
/// previous number of the zone in this process. They increase across restarts as long as the clock does not step
/// back, and two managers on one database number by the same clock.
/// </summary>
internal sealed class CrlNumbers
{
    private readonly ConcurrentDictionary<Guid, long> _last = new();

    public BigInteger Next(Guid zoneId, DateTimeOffset now)
    {
        var micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        return _last.AddOrUpdate(zoneId, micros, (_, last) => Math.Max(last + 1, micros));
    }
}
