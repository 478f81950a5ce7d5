using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Security;

/// <summary>A node authenticated by its node certificate over mTLS: the node, its zone and the certificate's serial.</summary>
internal sealed record NodeClient(Node Node, Zone Zone, string Serial);

/// <summary>The outcome of <see cref="NodeClientResolver"/>: the node, or why it is refused (status and stable code).</summary>
internal sealed record NodeClientOutcome(NodeClient? Client, int Status, string? Code, string? Detail)
{
    public static NodeClientOutcome Refused(int status, string code, string detail) => new(null, status, code, detail);
}
