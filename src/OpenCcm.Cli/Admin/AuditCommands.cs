using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// <c>ccm audit verify</c>: downloads the whole audit chain and recomputes every hash here (the manager is not
/// trusted to say its own log is intact). Exit 0 intact, 1 broken (the first broken entry is named).
/// </summary>
internal static class AuditCommands
{
    public static Command Create(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var verify = new Command("verify", "Verify the hash chain of the manager's audit log (system administrators).") { json };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var session = CliSession.Load();
            using var client = ManagerClient.Create(session.Manager, session.CaCertificateFile, session.AccessToken);
            var entries = new List<AuditEntry>();
            long after = 0;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/audit/chain?after={after}&limit=1000");
                using var response = await LoginCommand.SendAsync(client, request, cancellationToken).ConfigureAwait(false);
                var page = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                var items = page.GetProperty("items");
                if (items.GetArrayLength() == 0)
                {
                    break;
                }

                entries.AddRange(items.EnumerateArray().Select(FromJson));
                after = entries[^1].Sequence;
            }

            var report = AuditChainVerifier.Verify(entries);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    intact = report.IsIntact,
                    entriesChecked = report.EntriesChecked,
                    headSequence = report.LastGood.Sequence,
                    brokenAt = report.Break?.Sequence,
                    message = report.Break?.Message,
                })).ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync(report.IsIntact
                    ? string.Create(CultureInfo.InvariantCulture, $"audit chain intact: {report.EntriesChecked} entries, head {report.LastGood.Sequence}")
                    : $"audit chain BROKEN at entry {report.Break!.Sequence}: {report.Break.Message}").ConfigureAwait(false);
            }

            return report.IsIntact ? 0 : 1;
        });
        return new Command("audit", "The manager's tamper-evident audit log.") { verify };
    }

    private static AuditEntry FromJson(JsonElement item) => new()
    {
        Sequence = item.GetProperty("sequence").GetInt64(),
        Timestamp = DateTimeOffset.UnixEpoch.AddTicks(item.GetProperty("timestamp_micros").GetInt64() * 10),
        AccountId = item.TryGetProperty("acct_id", out var account) && account.ValueKind == JsonValueKind.String ? account.GetGuid() : null,
        Actor = item.GetProperty("actor").GetString()!,
        Action = item.GetProperty("action").GetString()!,
        Subject = item.GetProperty("subject").GetString()!,
        Outcome = WireNames.Parse<AuditOutcome>(item.GetProperty("outcome").GetString()!),
        Details = item.GetProperty("details").GetString()!,
        PreviousHash = Convert.FromHexString(item.GetProperty("previous_hash").GetString()!),
        Hash = Convert.FromHexString(item.GetProperty("hash").GetString()!),
    };
}
