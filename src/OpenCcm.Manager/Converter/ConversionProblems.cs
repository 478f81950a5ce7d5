using Microsoft.AspNetCore.Mvc;
using OpenCcm.Converter;
using OpenCcm.Manager.Http;
using OpenCcm.Oci;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// A failed conversion as a problem: a stable top-level <c>code</c> for the class of failure and <c>refusals</c>
/// <c>[{code, message}]</c> with the converter's or the OCI client's own code (docs/converter.md, docs/oci.md).
/// </summary>
internal static class ConversionProblems
{
    public static ProblemDetails For(ConversionException e)
    {
        var (status, code) = e.Code switch
        {
            ConversionErrorCodes.RuntimeMissing => (StatusCodes.Status503ServiceUnavailable, ApiProblems.ConverterUnavailable),
            ConversionErrorCodes.InvalidOptions => (StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed),
            _ => (StatusCodes.Status422UnprocessableEntity, ApiProblems.ConversionRefused),
        };
        var problem = Create(status, code, e.Code, e.Message);
        if (e.LayerIndex is { } layer)
        {
            problem.Extensions["layer_index"] = layer;
        }

        if (e.EntryPath is { } path)
        {
            problem.Extensions["entry_path"] = path;
        }

        return problem;
    }

    public static ProblemDetails For(OciException e)
    {
        var (status, code) = e.Code switch
        {
            OciErrorCodes.Unauthorized or OciErrorCodes.Denied or OciErrorCodes.CredentialsInvalid or OciErrorCodes.AuthChallengeInvalid =>
                (StatusCodes.Status422UnprocessableEntity, ApiProblems.RegistryAuthFailed),
            OciErrorCodes.NotFound => (StatusCodes.Status422UnprocessableEntity, ApiProblems.ImageNotFound),
            OciErrorCodes.ConnectionFailed or OciErrorCodes.RegistryError => (StatusCodes.Status502BadGateway, ApiProblems.RegistryUnavailable),
            OciErrorCodes.ReferenceInvalid => (StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed),
            _ => (StatusCodes.Status422UnprocessableEntity, ApiProblems.ConversionRefused),
        };
        var problem = Create(status, code, e.Code, e.Message);
        if (e.HttpStatus is { } upstream)
        {
            problem.Extensions["registry_status"] = upstream;
        }

        return problem;
    }

    public static ProblemDetails Busy(int running, int waiting) =>
        ApiProblems.Create(StatusCodes.Status429TooManyRequests, ApiProblems.ConverterBusy,
            $"The manager is converting {running} image(s) and {waiting} more wait; retry later.");

    private static ProblemDetails Create(int status, string code, string refusalCode, string message)
    {
        var problem = ApiProblems.Create(status, code, message);
        problem.Extensions["refusals"] = new[] { new Refusal(refusalCode, message) };
        return problem;
    }

    internal sealed record Refusal(string Code, string Message);
}
