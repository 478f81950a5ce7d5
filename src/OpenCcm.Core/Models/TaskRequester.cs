namespace OpenCcm.Core.Models;

/// <summary>Who asked for a task (Fortanix <c>requester_info</c>).</summary>
public sealed record TaskRequester
{
    /// <summary>Kind of requester.</summary>
    public required RequesterType Type { get; init; }

    /// <summary>The requesting user, for <see cref="RequesterType.User"/>.</summary>
    public Guid? UserId { get; init; }

    /// <summary>The requesting user's name.</summary>
    public string? UserName { get; init; }

    /// <summary>The requesting app, for <see cref="RequesterType.App"/>.</summary>
    public Guid? AppId { get; init; }

    /// <summary>The requesting app's name.</summary>
    public string? AppName { get; init; }
}
