using System.CommandLine;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm instance list|show</c> over <c>/v1/instances</c>: the selected account's app instances, known from their heartbeats.</summary>
internal static class InstanceCommands
{
    private static readonly Column[] Columns =
    [
        new("instance_id", "instance_id"), new("status", "status"), new("app_id", "app_id"), new("node_id", "node_id"),
        new("message_count", "message_count"), new("last_sequence", "last_sequence"), new("last_seen", "last_seen"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var app = new Option<Guid?>("--app") { Description = "Only instances of this app." };
        var build = new Option<Guid?>("--build") { Description = "Only instances of this build." };
        var node = new Option<Guid?>("--node") { Description = "Only instances on this node." };
        var status = new Option<string?>("--status") { Description = "Only instances in this status: RUNNING, UNRESPONSIVE or STOPPED." };
        var showId = AdminCommand.Id("instance");
        return new Command("instance", "App instances of the selected account, as their heartbeats report them.")
        {
            AdminCommand.List(stdout, "list", "List the instances, newest first.", Columns,
                (parse, api, ct) => api.GetAsync(ListPath(parse.GetValue(app), parse.GetValue(build), parse.GetValue(node), parse.GetValue(status)), ct),
                app, build, node, status),
            AdminCommand.Item(stdout, "show", "Show an instance.", (parse, api, ct) => api.GetAsync($"v1/instances/{parse.GetValue(showId)}", ct), showId),
        };
    }

    private static string ListPath(Guid? app, Guid? build, Guid? node, string? status)
    {
        var filters = new List<string>();
        if (app is { } a)
        {
            filters.Add($"app_id={a}");
        }

        if (build is { } b)
        {
            filters.Add($"build_id={b}");
        }

        if (node is { } n)
        {
            filters.Add($"node_id={n}");
        }

        if (status is not null)
        {
            filters.Add($"status={Uri.EscapeDataString(status)}");
        }

        return filters.Count == 0 ? "v1/instances" : "v1/instances?" + string.Join('&', filters);
    }
}
