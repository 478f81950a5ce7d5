using System.CommandLine;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm account list|create|select|show</c> over <c>/v1/accounts</c>.</summary>
internal static class AccountCommands
{
    private static readonly Column[] Columns =
        [new("acct_id", "acct_id"), new("name", "name"), new("roles", "roles"), new("status", "status"), new("default_zone_id", "default_zone_id")];

    public static Command Create(TextWriter stdout)
    {
        var name = new Argument<string>("NAME") { Description = "The account's name." };
        var description = new Option<string?>("--description") { Description = "A description." };
        var selectId = AdminCommand.Id("account");
        var showId = AdminCommand.Id("account");
        return new Command("account", "Accounts you belong to.")
        {
            AdminCommand.List(stdout, "list", "List your accounts.", Columns, (_, api, ct) => api.GetAsync("v1/accounts", ct)),
            AdminCommand.Item(stdout, "create", "Create an account (you become its manager).",
                (parse, api, ct) => api.SendAsync(HttpMethod.Post, "v1/accounts", new AccountRequest(parse.GetValue(name), parse.GetValue(description)), ct),
                name, description),
            AdminCommand.Item(stdout, "select", "Select the account later commands act on (for this session).",
                async (parse, api, ct) =>
                {
                    var id = parse.GetValue(selectId);
                    await api.SendAsync(HttpMethod.Post, $"v1/accounts/select_account/{id}", body: null, ct).ConfigureAwait(false);
                    return await api.GetAsync($"v1/accounts/{id}", ct).ConfigureAwait(false); // answers 204: show what was selected
                },
                selectId),
            AdminCommand.Item(stdout, "show", "Show an account.", (parse, api, ct) => api.GetAsync($"v1/accounts/{parse.GetValue(showId)}", ct), showId),
        };
    }
}
