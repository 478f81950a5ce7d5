using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OpenCcm.Manager.Http;

/// <summary>
/// RFC 7807 problem details with a stable <c>code</c> extension that scripts match on (the message may change).
/// The type URI names the code so every refusal can be looked up in docs/api-errors.md.
/// </summary>
public static class ApiProblems
{
    public const string NotFound = "NotFound";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string MalformedJson = "MalformedJson";
    public const string ValidationFailed = "ValidationFailed";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string Conflict = "Conflict";
    public const string InternalError = "InternalError";

    /// <summary>An app cannot change while its DOMAIN_WHITELIST task is open (as in Fortanix CCM).</summary>
    public const string DomainTaskPending = "DomainTaskPending";

    /// <summary>The account already has a build with this identity measurement (MRENCLAVE, MRTD, ...).</summary>
    public const string DuplicateMeasurement = "DuplicateMeasurement";

    /// <summary>The task is no longer in progress.</summary>
    public const string TaskClosed = "TaskClosed";

    /// <summary>The caller already approved or denied this task.</summary>
    public const string TaskAlreadyDecided = "TaskAlreadyDecided";

    /// <summary>The converter refused the image or its options (refusals[] carries the converter's or OCI client's code).</summary>
    public const string ConversionRefused = "ConversionRefused";

    /// <summary>A registry refused the credentials (given in the request, or stored with /v1/registry).</summary>
    public const string RegistryAuthFailed = "RegistryAuthFailed";

    /// <summary>The input image (or its repository) does not exist in its registry.</summary>
    public const string ImageNotFound = "ImageNotFound";

    /// <summary>A registry could not be reached or failed.</summary>
    public const string RegistryUnavailable = "RegistryUnavailable";

    /// <summary>The manager cannot convert (no ccm-runtime installed).</summary>
    public const string ConverterUnavailable = "ConverterUnavailable";

    /// <summary>Too many conversions are running or waiting; retry later.</summary>
    public const string ConverterBusy = "ConverterBusy";

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Type = "https://openccm.invalid/errors/" + code,
        Title = code,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static IResult Result(int status, string code, string detail) =>
        Results.Problem(Create(status, code, detail));

    /// <summary>The stable code for a bare status that carries no problem of its own (routing, auth).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        >= 500 => InternalError,
        _ => ValidationFailed,
    };
}
