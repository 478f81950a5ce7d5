namespace OpenCcm.Core.Models;

/// <summary>User status.</summary>
public enum UserStatus
{
    /// <summary>Can log in.</summary>
    Active,

    /// <summary>Invited or signed up, not yet confirmed.</summary>
    Pending,

    /// <summary>Cannot log in.</summary>
    Disabled,
}
