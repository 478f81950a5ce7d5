using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using OpenCcm.Cli.Evidence;
using Spectre.Console;

namespace OpenCcm.Cli.Quickstart;

/// <summary>
/// What the quickstart prints: a tick per finished step and the summary (Spectre, colour only on a terminal), on stdout —
/// or with --json the one JSON object on stdout and the steps on stderr.
/// </summary>
internal sealed class QuickstartOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    private readonly IAnsiConsole _console = Consoles.For(json ? stderr : stdout);

    public void Step(string title, string detail, TimeSpan elapsed) =>
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]✓[/] {Markup.Escape(title),-22} {Markup.Escape(detail)} [grey]({elapsed.TotalSeconds:0.0} s)[/]"));

    public void Failed(string title, string reason) =>
        _console.MarkupLine($"[red]✗ {Markup.Escape(title)}[/]: {Markup.Escape(reason)}");

    public void Note(string message) => _console.MarkupLine("[grey]" + Markup.Escape(message) + "[/]");

    public void Ready(QuickstartReady ready, TimeSpan elapsed, bool staysRunning)
    {
        if (json)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("managerUrl", ready.ManagerUrl);
                writer.WriteString("zoneRootPem", ready.ZoneRootPem);
                writer.WriteString("workloadCertPem", ready.WorkloadCertificatePem);
                writer.WriteString("workloadUrl", ready.WorkloadUrl.AbsoluteUri);
                writer.WriteEndObject();
            }

            stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
            stdout.Flush();
        }

        var rows = new (string Name, string Value)[]
        {
            ("manager", $"{ready.ManagerUrl}  (HTTPS; its CA: {ready.ManagerCaPath})"),
            ("console", ready.ManagerUrl + "/console/"),
            ("administrator", $"{ready.Email}  password {ready.Password}  (shown once; also in {ready.PasswordFile}, mode 0600)"),
            ("zone root", ready.ZoneRootPath),
            ("demo workload", $"{ready.WorkloadUrl.AbsoluteUri}  openssl s_server under ccm-runtime, instance {ready.InstanceId ?? "(starting)"}"),
            ("workload log", ready.LogPath),
        };
        _console.WriteLine();
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green bold]Ready in {elapsed.TotalSeconds:0.0} s[/]: a verified HTTPS request to the attested demo workload succeeded."));
        foreach (var (name, value) in rows)
        {
            _console.MarkupLine($"[bold]{Markup.Escape(name),-14}[/] {Markup.Escape(value)}");
        }
        _console.WriteLine();
        _console.MarkupLine("Try it (trusting only the zone root):");
        _console.WriteLine("  " + ready.CurlCommand, new Style(Color.Aqua));
        _console.MarkupLine("Administer it:");
        _console.WriteLine($"  CCM_PASSWORD=$(cat {ready.PasswordFile}) ./ccm login --manager {ready.ManagerUrl} --cacert {ready.ManagerCaPath} --email {ready.Email}");
        _console.WriteLine("  ./ccm instance list");
        if (staysRunning)
        {
            _console.WriteLine();
            _console.MarkupLine("[bold]Ctrl-C[/] (or SIGTERM) stops the workload, the node agent and the manager.");
        }
    }
}

/// <summary>What a ready quickstart reports.</summary>
internal sealed record QuickstartReady(
    string ManagerUrl, string ManagerCaPath, string Email, string Password, string PasswordFile, string ZoneRootPath, string ZoneRootPem,
    Uri WorkloadUrl, string WorkloadCertificatePem, string CurlCommand, string? InstanceId, string LogPath);
