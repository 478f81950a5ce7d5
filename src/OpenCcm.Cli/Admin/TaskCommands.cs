using System.CommandLine;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm task list|approve|deny|show</c> over <c>/v1/tasks</c> (approval of domains, builds, nodes, certificates).</summary>
internal static class TaskCommands
{
    private static readonly Column[] Columns =
    [
        new("task_id", "task_id"), new("task_type", "task_type"), new("status", "status.status"), new("entity_id", "entity_id"),
        new("requester", "requester_info.user_name"), new("approvals_required", "approvals_required"), new("description", "description"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var status = new Option<string?>("--status") { Description = "Only tasks in this status: INPROGRESS, FAILED, SUCCESS or DENIED." };
        var showId = AdminCommand.Id("task");
        return new Command("task", "Approval tasks of the selected account.")
        {
            AdminCommand.List(stdout, "list", "List the tasks.", Columns,
                (parse, api, ct) => api.GetAsync(parse.GetValue(status) is { } s ? $"v1/tasks?status={Uri.EscapeDataString(s)}" : "v1/tasks", ct),
                status),
            Decide(stdout, "approve", "APPROVED"),
            Decide(stdout, "deny", "DENIED"),
            AdminCommand.Item(stdout, "show", "Show a task.", (parse, api, ct) => api.GetAsync($"v1/tasks/{parse.GetValue(showId)}", ct), showId),
        };
    }

    private static Command Decide(TextWriter stdout, string name, string decision)
    {
        var id = AdminCommand.Id("task");
        return AdminCommand.Item(stdout, name, $"Record your decision {decision} on a task.",
            (parse, api, ct) => api.SendAsync(HttpMethod.Patch, $"v1/tasks/{parse.GetValue(id)}", new TaskUpdateRequest(decision), ct), id);
    }
}
