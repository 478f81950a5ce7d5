using System.Globalization;
using System.Text.Json;
using OpenCcm.Cli.Evidence;
using Spectre.Console;

namespace OpenCcm.Cli.Admin;

/// <summary>A column of a list table: its header and the dotted path of the value in each item (e.g. <c>status.status</c>).</summary>
internal sealed record Column(string Header, string Path);

/// <summary>Prints API objects: the raw JSON with <c>--json</c>, else a list table or a field/value table.</summary>
internal static class ApiPrinter
{
    public static void WriteJson(TextWriter output, JsonElement body) =>
        output.WriteLine(JsonSerializer.Serialize(body, VerdictPrinter.Json));

    /// <summary>The items of a <c>{metadata, items}</c> page, one row each.</summary>
    public static void WriteList(TextWriter output, JsonElement page, IReadOnlyList<Column> columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column.Header));
        }

        var items = page.GetProperty("items");
        foreach (var item in items.EnumerateArray())
        {
            table.AddRow(columns.Select(c => Markup.Escape(Text(Find(item, c.Path)))).ToArray());
        }

        var console = Consoles.For(output);
        console.Write(table);
        var total = page.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("total_count", out var count) ? count.GetInt32() : items.GetArrayLength();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{items.GetArrayLength()} shown of {total}"));
    }

    /// <summary>One object, one row per field; nested objects as <c>k=v</c> pairs, arrays comma-separated.</summary>
    public static void WriteItem(TextWriter output, JsonElement item)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var property in item.EnumerateObject())
        {
            table.AddRow(Markup.Escape(property.Name), Markup.Escape(Text(property.Value)));
        }

        Consoles.For(output).Write(table);
    }

    public static JsonElement? Find(JsonElement item, string path)
    {
        var current = item;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string Text(JsonElement? value) => value switch
    {
        null => "-",
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "-",
        { ValueKind: JsonValueKind.String } v => v.GetString()!,
        { ValueKind: JsonValueKind.Array } v => string.Join(", ", v.EnumerateArray().Select(e => Text(e))),
        { ValueKind: JsonValueKind.Object } v => string.Join(", ", v.EnumerateObject().Select(p => $"{p.Name}={Text(p.Value)}")),
        { } v => v.GetRawText(),
    };
}
