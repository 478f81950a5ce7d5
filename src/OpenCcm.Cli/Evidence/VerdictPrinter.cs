using System.Text.Encodings.Web;
using System.Text.Json;
using OpenCcm.Attestation;
using Spectre.Console;

namespace OpenCcm.Cli.Evidence;

/// <summary>Prints verdicts: one JSON object (DESIGN.md §4) or readable tables.</summary>
internal static class VerdictPrinter
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter output, AttestationVerdict verdict)
    {
        var document = new Dictionary<string, object?>
        {
            ["format"] = verdict.Format,
            ["verified"] = verdict.Verified,
            ["claims"] = verdict.Claims?.ToDictionary() ?? new Dictionary<string, object?>(),
            ["tcbStatus"] = verdict.TcbStatus,
            ["advisories"] = verdict.Advisories,
            ["simulated"] = verdict.Simulated,
            ["errors"] = verdict.Errors.Select(ToJson).ToArray(),
            ["findings"] = verdict.Findings.Where(f => f.Severity != FindingSeverity.Error).Select(ToJson).ToArray(),
        };
        output.WriteLine(JsonSerializer.Serialize(document, Json));
    }

    public static void WriteHuman(TextWriter output, AttestationVerdict verdict)
    {
        var console = Consoles.For(output);
        var headline = verdict.Verified
            ? $"[green]AUTHENTIC[/] {Markup.Escape(verdict.Format)}"
            : verdict.Malformed ? $"[red]MALFORMED[/] {Markup.Escape(verdict.Format)}" : $"[red]NOT AUTHENTIC[/] {Markup.Escape(verdict.Format)}";
        if (verdict.Simulated)
        {
            headline += " [yellow](simulated TEE)[/]";
        }

        console.MarkupLine(headline);
        if (verdict.TcbStatus is not null)
        {
            var advisories = verdict.Advisories.Count > 0 ? $" ({string.Join(", ", verdict.Advisories)})" : string.Empty;
            console.MarkupLine($"TCB status: [bold]{Markup.Escape(verdict.TcbStatus)}[/]{Markup.Escape(advisories)}");
        }

        if (verdict.Claims is not null)
        {
            var claims = new Table().Border(TableBorder.Rounded).AddColumn("claim").AddColumn("value");
            foreach (var (name, value) in verdict.Claims.ToDictionary())
            {
                claims.AddRow(Markup.Escape(name), Markup.Escape(Format(value)));
            }

            console.Write(claims);
        }

        if (verdict.Findings.Count > 0)
        {
            var findings = new Table().Border(TableBorder.Rounded).AddColumn("severity").AddColumn("code").AddColumn("message");
            foreach (var finding in verdict.Findings)
            {
                var color = finding.Severity switch { FindingSeverity.Error => "red", FindingSeverity.Warning => "yellow", _ => "grey" };
                findings.AddRow($"[{color}]{finding.Severity.ToString().ToLowerInvariant()}[/]", Markup.Escape(finding.Code), Markup.Escape(finding.Message));
            }

            console.Write(findings);
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "-",
        bool b => b ? "true" : "false",
        IReadOnlyDictionary<string, object?> map => string.Join(", ", map.Select(kv => $"{kv.Key}={Format(kv.Value)}")),
        System.Collections.IDictionary map => string.Join(", ", map.Keys.Cast<object>().Select(k => $"{k}={Format(map[k])}")),
        string s => s,
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "-",
    };

    private static Dictionary<string, string> ToJson(Finding finding) => new()
    {
        ["code"] = finding.Code,
        ["severity"] = finding.Severity.ToString().ToLowerInvariant(),
        ["message"] = finding.Message,
    };
}

/// <summary>Spectre consoles that write to a given writer (stdout in use, a buffer in tests), colour only on a terminal.</summary>
internal static class Consoles
{
    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Pipes and files have no width: keep 64-byte hex values on one line.
            console.Profile.Width = 200;
        }

        return console;
    }
}
