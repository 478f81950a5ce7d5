namespace OpenCcm.AgentProtocol;

/// <summary>A refusal or failure answered by the node agent: its stable problem <see cref="Code"/>, message and HTTP status.</summary>
public sealed class NodeAgentException : Exception
{
    public NodeAgentException(string code, string message, int status, IReadOnlyList<TaskRefusal>? refusals = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Status = status;
        Refusals = refusals ?? [];
    }

    public NodeAgentException()
        : this(AgentErrorCodes.InternalError, "Node agent error.", 0)
    {
    }

    public NodeAgentException(string message)
        : this(AgentErrorCodes.InternalError, message, 0)
    {
    }

    public NodeAgentException(string message, Exception innerException)
        : this(AgentErrorCodes.InternalError, message, 0, null, innerException)
    {
    }

    /// <summary>The problem's stable code (<see cref="AgentErrorCodes"/>, or the manager's).</summary>
    public string Code { get; }

    /// <summary>The HTTP status (0 when the agent could not be reached).</summary>
    public int Status { get; }

    public IReadOnlyList<TaskRefusal> Refusals { get; }
}
