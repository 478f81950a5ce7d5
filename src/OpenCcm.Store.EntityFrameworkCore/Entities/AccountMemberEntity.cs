using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>account_members</c>: one role per user and account.</summary>
public class AccountMemberEntity
{
    public Guid AccountId { get; set; }
    public Guid UserId { get; set; }
    public AccountRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
