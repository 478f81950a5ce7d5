using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>api_tokens</c>; the token itself is never stored.</summary>
public class ApiTokenEntity
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApiTokenKind Kind { get; set; }
    public string? Name { get; set; }
    public Guid? AccountId { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
