using System.CommandLine;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm node list|show|deactivate</c> over <c>/v1/nodes</c> of the selected account.</summary>
internal static class NodeCommands
{
    private static readonly Column[] Columns =
    [
        new("node_id", "node_id"), new("name", "name"), new("zone_id", "zone_id"), new("platform", "platform"), new("status", "status.status"),
        new("tcb_status", "tcb_status"), new("simulated", "simulated"), new("ipaddress", "ipaddress"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var showId = AdminCommand.Id("node");
        var deactivateId = AdminCommand.Id("node");
        return new Command("node", "Enrolled nodes of the selected account.")
        {
            AdminCommand.List(stdout, "list", "List the nodes.", Columns, (_, api, ct) => api.GetAsync("v1/nodes", ct)),
            AdminCommand.Item(stdout, "show", "Show a node.", (parse, api, ct) => api.GetAsync($"v1/nodes/{parse.GetValue(showId)}", ct), showId),
            AdminCommand.Item(stdout, "deactivate", "Deactivate a node (its certificate is revoked).",
                (parse, api, ct) => api.SendAsync(HttpMethod.Post, $"v1/nodes/{parse.GetValue(deactivateId)}/deactivate", body: null, ct), deactivateId),
        };
    }
}
