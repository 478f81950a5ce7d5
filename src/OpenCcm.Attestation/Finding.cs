namespace OpenCcm.Attestation;

/// <summary>How much a finding weighs in a verdict.</summary>
public enum FindingSeverity
{
    /// <summary>A fact worth reporting that does not affect authenticity.</summary>
    Info,

    /// <summary>Something a policy may want to refuse (e.g. revocation not checked), evidence is still authentic.</summary>
    Warning,

    /// <summary>Authenticity does not hold.</summary>
    Error,
}

/// <summary>One observation made while verifying evidence, with a stable machine-readable code.</summary>
/// <param name="Code">A stable code from <see cref="FindingCodes"/>; users and scripts match on it.</param>
/// <param name="Severity">Whether it breaks authenticity.</param>
/// <param name="Message">A human explanation; may change between versions.</param>
public sealed record Finding(string Code, FindingSeverity Severity, string Message)
{
    public static Finding Error(string code, string message) => new(code, FindingSeverity.Error, message);

    public static Finding Warning(string code, string message) => new(code, FindingSeverity.Warning, message);

    public static Finding Info(string code, string message) => new(code, FindingSeverity.Info, message);

    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
