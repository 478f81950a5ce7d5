using System.Globalization;
using OpenCcm.Cli.Evidence;
using OpenCcm.Converter;
using Spectre.Console;

namespace OpenCcm.Cli.ImageConversion;

/// <summary>What <c>ccm convert</c> prints: progress (bars on a terminal, plain lines on stderr otherwise), the result, refusals.</summary>
internal sealed class ConvertOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    private bool Terminal => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    public async Task<ConversionResult> WithProgressAsync(Func<IProgress<LayerProgress>, Task<ConversionResult>> convert)
    {
        if (!Terminal)
        {
            return await convert(new PlainProgress(stderr)).ConfigureAwait(false);
        }

        // Bars on the terminal; with --json they go to stderr so stdout stays one JSON object.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(json ? Console.Error : Console.Out) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(context => convert(new BarProgress(context))).ConfigureAwait(false);
    }

    public void Note(string message) => stderr.WriteLine("ccm convert: " + message);

    public void Result(ConversionResult result, ConversionOptions options)
    {
        if (json)
        {
            stdout.WriteLine(result.ToJson());
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var (name, value) in (IEnumerable<(string, string)>)[
            ("newImage", result.NewImage), ("imageSHA", result.ImageSha), ("imageSize", result.ImageSize.ToString(CultureInfo.InvariantCulture)),
            ("isvprodid", result.IsvProdId.ToString(CultureInfo.InvariantCulture)), ("isvsvn", result.IsvSvn.ToString(CultureInfo.InvariantCulture)),
            ("mrenclave", result.MrEnclave), ("mrsigner", result.MrSigner), ("blobs skipped", result.BlobsSkipped.ToString(CultureInfo.InvariantCulture)),
            ("sigstruct", options.SigstructOutputPath ?? "-"), ("signing key", options.SigningKeyPath ?? options.GeneratedSigningKeyPath ?? "-")])
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        Consoles.For(stdout).Write(table);
    }

    public int Refused(int exitCode, string code, string message)
    {
        stderr.WriteLine($"ccm convert: refused ({code}): {message}");
        return exitCode;
    }
}
