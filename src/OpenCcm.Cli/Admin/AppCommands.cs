using System.CommandLine;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm app list|create|show</c> over <c>/v1/apps</c>; new domains wait for a DOMAIN_WHITELIST task.</summary>
internal static class AppCommands
{
    private static readonly Column[] Columns =
    [
        new("app_id", "app_id"), new("name", "name"), new("allowed_domains", "allowed_domains"),
        new("whitelisted_domains", "whitelisted_domains"), new("pending_task_id", "pending_task_id"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var name = new Argument<string>("NAME") { Description = "The app's name." };
        var domains = new Option<string[]>("--domain") { Description = "A domain its certificates may name (repeatable).", Required = true, AllowMultipleArgumentsPerToken = false };
        var labels = new Option<string[]>("--label") { Description = "A label key=value (repeatable)." };
        var description = new Option<string?>("--description") { Description = "A description." };
        var showId = AdminCommand.Id("app");
        return new Command("app", "Applications of the selected account.")
        {
            AdminCommand.List(stdout, "list", "List the apps.", Columns, (_, api, ct) => api.GetAsync("v1/apps", ct)),
            AdminCommand.Item(stdout, "create", "Register an app; its domains need an approved DOMAIN_WHITELIST task.",
                (parse, api, ct) => api.SendAsync(HttpMethod.Post, "v1/apps", new AppRequest(
                    parse.GetValue(name), parse.GetValue(description), null, null, null, null, null, null,
                    parse.GetValue(domains), Labels(parse.GetValue(labels) ?? []), null), ct),
                name, domains, labels, description),
            AdminCommand.Item(stdout, "show", "Show an app.", (parse, api, ct) => api.GetAsync($"v1/apps/{parse.GetValue(showId)}", ct), showId),
        };
    }

    private static Dictionary<string, string>? Labels(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--label '{pair}' is not key=value.");
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }
}
