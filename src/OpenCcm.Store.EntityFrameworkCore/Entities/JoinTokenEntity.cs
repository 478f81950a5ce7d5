namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>join_tokens</c>; the token itself is never stored.</summary>
public class JoinTokenEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid ZoneId { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
