using System.Text.Json;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.Manager;

/// <summary>A non-success answer of the manager: status, its problem's stable code, detail and refusals.</summary>
internal sealed record ManagerProblem(int Status, string Code, string Detail, IReadOnlyList<TaskRefusal> Refusals)
{
    /// <summary>The manager's code for a revoked node certificate (docs/manager.md): the agent re-enrolls.</summary>
    public const string NodeCertificateRevoked = "NodeCertificateRevoked";

    /// <summary>The manager's code for a deactivated node: the agent refuses workloads and does not re-enroll.</summary>
    public const string NodeNotActive = "NodeNotActive";

    public bool IsRevoked => Code == NodeCertificateRevoked;

    public bool IsDeactivated => Code == NodeNotActive;

    public static ManagerProblem Read(int status, byte[] body)
    {
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, AgentProtocolJson.Default.AgentProblem) is { } problem)
            {
                return new ManagerProblem(status, problem.Code ?? $"Http{status}", problem.Detail ?? problem.Title ?? $"HTTP {status}", problem.Refusals ?? []);
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page, say): described by its status.
        }

        return new ManagerProblem(status, $"Http{status}", $"The manager answered HTTP {status}.", []);
    }

    public TaskReason ToReason() => new(Code, Detail, Refusals);
}
