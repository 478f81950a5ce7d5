using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Security;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Zones;

/// <summary>
/// Zone join tokens (Fortanix <c>GET /v1/zones/{id}/token</c>): each request makes a new 256-bit random token, kept only
/// as its SHA-256 (<see cref="TokenHash"/>) and shown once. Node enrollment presents it to <see cref="ValidateAsync"/>.
/// </summary>
internal sealed class JoinTokens(IJoinTokenStore tokens, IZoneStore zones, IAuditStore audit, IStoreTransactions transactions, TimeProvider time)
{
    public const string Prefix = "ccmj";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>Longer than any token we issue ("ccmj_" + 43 base64url characters); longer input is not hashed at all.</summary>
    private const int MaxPresentedLength = 256;

    /// <summary>Makes, stores (hashed) and audits a new token for <paramref name="zone"/>; the plaintext is returned once.</summary>
    public async Task<(string Secret, JoinToken Token)> IssueAsync(Zone zone, Caller caller, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = SecretToken.Generate(Prefix);
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        var token = await tokens.CreateAsync(new JoinToken
        {
            Id = Guid.NewGuid(), AccountId = zone.AccountId, ZoneId = zone.Id, TokenHash = TokenHash.Compute(secret),
            CreatedByUserId = caller.UserId, CreatedAt = now, ExpiresAt = now + lifetime,
        }, cancellationToken);
        // The audit entry names the token by id, never by value.
        await audit.AppendAsync(Audit.Entry(now, zone.AccountId, caller.Email, "zone.join_token.create", Subject(zone.Id, token.Id), AuditOutcome.Success,
            new { zone = zone.Id, token = token.Id, expires_at = token.ExpiresAt?.ToUnixTimeSeconds() }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (secret, token);
    }

    public async Task<IReadOnlyList<JoinToken>> ListAsync(Zone zone, CancellationToken cancellationToken) =>
        [.. (await tokens.ListAsync(zone.Id, cancellationToken)).Where(t => t.AccountId == zone.AccountId)];

    /// <summary>Revokes a token of <paramref name="zone"/>: true when revoked now, false when already revoked, null when the zone has no such token.</summary>
    public async Task<bool?> RevokeAsync(Zone zone, Guid tokenId, Caller caller, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(tokenId, cancellationToken);
        if (token is null || token.ZoneId != zone.Id || token.AccountId != zone.AccountId)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        if (!await tokens.RevokeAsync(tokenId, now, cancellationToken))
        {
            return false;
        }

        await audit.AppendAsync(Audit.Entry(now, zone.AccountId, caller.Email, "zone.join_token.revoke", Subject(zone.Id, tokenId), AuditOutcome.Success,
            new { zone = zone.Id, token = tokenId }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The token and its zone when <paramref name="presented"/> is an unexpired, unrevoked join token of an existing zone;
    /// otherwise null. The token is found by its hash (an indexed equality on a SHA-256), so nothing compares secret
    /// bytes and timing reveals nothing about stored tokens.
    /// </summary>
    public async Task<UsableJoinToken?> ValidateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxPresentedLength)
        {
            return null;
        }

        var token = await tokens.FindByHashAsync(TokenHash.Compute(presented), cancellationToken);
        if (token is null || !token.IsUsableAt(time.GetUtcNow()))
        {
            return null;
        }

        var zone = await zones.GetAsync(token.ZoneId, cancellationToken);
        return zone is null || zone.AccountId != token.AccountId ? null : new UsableJoinToken(token, zone);
    }

    private static string Subject(Guid zoneId, Guid tokenId) => $"zone:{zoneId}/join_token:{tokenId}";
}

/// <summary>A join token that may enroll a node now, with the zone it enrolls into.</summary>
internal sealed record UsableJoinToken(JoinToken Token, Zone Zone);
