using System.CommandLine;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// <c>ccm cert list|show|revoke</c> over <c>/v1/certificates</c> of the selected account (node and workload
/// certificates); a revoked certificate goes on its zone's CRL.
/// </summary>
internal static class CertCommands
{
    private static readonly Column[] Columns =
    [
        new("certificate_id", "certificate_id"), new("status", "status"), new("serial", "serial"), new("subject", "subject"),
        new("node_id", "node_id"), new("app_id", "app_id"), new("not_after", "not_after"), new("simulated", "simulated"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var node = new Option<Guid?>("--node") { Description = "Only certificates of this node." };
        var app = new Option<Guid?>("--app") { Description = "Only certificates of this app." };
        var status = new Option<string?>("--status") { Description = "Only certificates in this status, e.g. ISSUED or REVOKED." };
        var showId = AdminCommand.Id("certificate");
        var revokeId = AdminCommand.Id("certificate");
        var reason = new Option<string?>("--reason")
        {
            Description = "RFC 5280 reason: unspecified (default), keyCompromise, affiliationChanged, superseded, cessationOfOperation, "
                + "certificateHold or privilegeWithdrawn.",
        };
        return new Command("cert", "Certificates issued in the selected account.")
        {
            AdminCommand.List(stdout, "list", "List the certificates.", Columns,
                (parse, api, ct) => api.GetAsync(ListPath(parse.GetValue(node), parse.GetValue(app), parse.GetValue(status)), ct),
                node, app, status),
            AdminCommand.Item(stdout, "show", "Show a certificate (with its PEM).",
                (parse, api, ct) => api.GetAsync($"v1/certificates/{parse.GetValue(showId)}", ct), showId),
            AdminCommand.Item(stdout, "revoke", "Revoke a certificate (account managers); it is listed on its zone's CRL.",
                (parse, api, ct) => api.SendAsync(HttpMethod.Post, $"v1/certificates/{parse.GetValue(revokeId)}/revoke",
                    new CertificateRevokeRequest(parse.GetValue(reason)), ct),
                revokeId, reason),
        };
    }

    private static string ListPath(Guid? node, Guid? app, string? status)
    {
        var filters = new List<string>();
        if (node is { } n)
        {
            filters.Add($"node_id={n}");
        }

        if (app is { } a)
        {
            filters.Add($"app_id={a}");
        }

        if (status is not null)
        {
            filters.Add($"status={Uri.EscapeDataString(status)}");
        }

        return filters.Count == 0 ? "v1/certificates" : "v1/certificates?" + string.Join('&', filters);
    }
}
