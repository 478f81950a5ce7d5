using System.CommandLine;
using System.Globalization;
using System.Text;
using OpenCcm.Cli.Evidence;
using Spectre.Console;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm zone list|show|token|crl</c> over <c>/v1/zones</c> of the selected account.</summary>
internal static class ZoneCommands
{
    private static readonly Column[] Columns =
        [new("zone_id", "zone_id"), new("name", "name"), new("description", "description"), new("approvals", "policy.approvals_required"), new("crl_url", "crl_url")];

    public static Command Create(TextWriter stdout)
    {
        var showId = AdminCommand.Id("zone");
        var tokenId = AdminCommand.Id("zone");
        var expiresIn = new Option<long?>("--expires-in") { Description = "The token's lifetime in seconds (the manager's default otherwise)." };
        return new Command("zone", "Zones (each with its own CA) of the selected account.")
        {
            AdminCommand.List(stdout, "list", "List the zones.", Columns, (_, api, ct) => api.GetAsync("v1/zones", ct)),
            AdminCommand.Item(stdout, "show", "Show a zone.", (parse, api, ct) => api.GetAsync($"v1/zones/{parse.GetValue(showId)}", ct), showId),
            AdminCommand.Create(stdout, "token", "Issue a join token that enrolls nodes into the zone (shown only now).",
                (parse, api, ct) =>
                {
                    var query = parse.GetValue(expiresIn) is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"?expires_in={seconds}") : string.Empty;
                    return api.GetAsync($"v1/zones/{parse.GetValue(tokenId)}/token{query}", ct);
                },
                (output, body) =>
                {
                    ApiPrinter.WriteItem(output, body);
                    Consoles.For(output).MarkupLine("[yellow]The token is shown only once: keep it now.[/]");
                },
                tokenId, expiresIn),
            Crl(stdout),
        };
    }

    private static Command Crl(TextWriter stdout)
    {
        var id = AdminCommand.Id("zone");
        var output = new Option<string?>("--out") { Description = "Write the CRL (DER) to this file instead of printing it as PEM." };
        var command = new Command("crl", "The zone's current certificate revocation list.") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = AdminApi.Open();
            var zone = parse.GetValue(id);
            if (parse.GetValue(output) is { } file)
            {
                var der = await api.GetBytesAsync($"v1/zones/{zone}/crl", "application/pkix-crl", cancellationToken).ConfigureAwait(false);
                try
                {
                    await File.WriteAllBytesAsync(file, der, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"Cannot write {file}: {e.Message}");
                }

                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"CRL of zone {zone}: {der.Length} bytes written to {file}")).ConfigureAwait(false);
            }
            else
            {
                var pem = await api.GetBytesAsync($"v1/zones/{zone}/crl?format=pem", "application/x-pem-file", cancellationToken).ConfigureAwait(false);
                await stdout.WriteAsync(Encoding.ASCII.GetString(pem)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
