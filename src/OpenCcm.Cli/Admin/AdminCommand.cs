using System.CommandLine;
using System.Text.Json;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// Builds one admin subcommand: opens the session, calls the API, and prints the answer as JSON with <c>--json</c>
/// or a table (a list or one object). Refusals surface as <see cref="UsageException"/> (exit 2).
/// </summary>
internal static class AdminCommand
{
    public delegate Task<JsonElement> ApiCall(ParseResult parse, AdminApi api, CancellationToken cancellationToken);

    public static Command List(TextWriter stdout, string name, string description, IReadOnlyList<Column> columns, ApiCall call, params Symbol[] symbols) =>
        Create(stdout, name, description, call, (output, body) => ApiPrinter.WriteList(output, body, columns), symbols);

    public static Command Item(TextWriter stdout, string name, string description, ApiCall call, params Symbol[] symbols) =>
        Create(stdout, name, description, call, ApiPrinter.WriteItem, symbols);

    public static Command Create(TextWriter stdout, string name, string description, ApiCall call, Action<TextWriter, JsonElement> human, params Symbol[] symbols)
    {
        var json = new Option<bool>("--json") { Description = "Print the manager's JSON answer." };
        var command = new Command(name, description) { json };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
                default:
                    throw new ArgumentException($"Unsupported symbol {symbol.Name}.", nameof(symbols));
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = AdminApi.Open();
            var body = await call(parse, api, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ApiPrinter.WriteJson(stdout, body);
            }
            else
            {
                human(stdout, body);
            }

            return 0;
        });
        return command;
    }

    /// <summary>An id argument (a UUID: System.CommandLine refuses anything else at parse time, exit 2).</summary>
    public static Argument<Guid> Id(string what) => new("ID") { Description = $"The {what}'s id." };
}
