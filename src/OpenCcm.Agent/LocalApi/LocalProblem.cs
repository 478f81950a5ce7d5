using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.LocalApi;

/// <summary>A refusal of the local API: HTTP status and stable code (<see cref="AgentErrorCodes"/>).</summary>
internal sealed class LocalProblem(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public AgentProblem ToProblem() => new("https://openccm.invalid/errors/" + Code, Code, Status, Message, Code);

    public static LocalProblem BadRequest(string code, string detail) => new(400, code, detail);

    public static LocalProblem Forbidden(string code, string detail) => new(403, code, detail);
}
