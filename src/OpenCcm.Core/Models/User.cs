namespace OpenCcm.Core.Models;

/// <summary>A person who logs in (Fortanix <c>user_id, user_email, first_name, last_name</c>).</summary>
public sealed record User
{
    /// <summary>Identifier (<c>user_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>E-mail address as entered; unique ignoring case (stores compare the normalized form).</summary>
    public required string Email { get; init; }

    /// <summary>Given name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Family name.</summary>
    public string? LastName { get; init; }

    /// <summary>
    /// The password verifier as the manager's password hasher encodes it (algorithm, parameters, salt, hash);
    /// never the password. Null for users who have not set one (e.g. invited).
    /// </summary>
    public string? PasswordHash { get; init; }

    /// <summary>Whether the user can log in.</summary>
    public UserStatus Status { get; init; } = UserStatus.Active;

    /// <summary>System administrators manage the manager itself (all accounts).</summary>
    public bool IsSystemAdministrator { get; init; }

    /// <summary>Whether the e-mail address was confirmed.</summary>
    public bool EmailVerified { get; init; }

    /// <summary>Last successful login.</summary>
    public DateTimeOffset? LastLoggedInAt { get; init; }

    /// <summary>When the user was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the user last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }

    /// <summary>The form of an e-mail address that uniqueness and look-ups use: trimmed, upper-case invariant.</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToUpperInvariant();
    }
}
