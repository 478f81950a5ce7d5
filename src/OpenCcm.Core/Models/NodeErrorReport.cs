namespace OpenCcm.Core.Models;

/// <summary>Why a node failed (Fortanix <c>error_report{name, message}</c>; name e.g. <c>QUOTE_VERIFICATION_ERROR</c>).</summary>
/// <param name="Name">A stable code.</param>
/// <param name="Message">Human-readable detail.</param>
public sealed record NodeErrorReport(string Name, string Message);
