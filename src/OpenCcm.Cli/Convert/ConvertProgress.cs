using System.Globalization;
using OpenCcm.Converter;
using Spectre.Console;

namespace OpenCcm.Cli.ImageConversion;

/// <summary>Plain progress lines (not a terminal): one per phase change and every quarter of a layer, on stderr.</summary>
internal sealed class PlainProgress(TextWriter output) : IProgress<LayerProgress>
{
    private readonly Dictionary<int, (LayerPhase Phase, int Quarter)> _last = [];

    public void Report(LayerProgress value)
    {
        var quarter = value.BytesTotal > 0 ? (int)(4 * value.BytesDone / value.BytesTotal) : 4;
        lock (_last)
        {
            if (_last.TryGetValue(value.LayerIndex, out var last) && last.Phase == value.Phase && last.Quarter == quarter)
            {
                return;
            }

            _last[value.LayerIndex] = (value.Phase, quarter);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"layer {value.LayerIndex + 1}/{value.LayerCount} {ShortDigest(value.Digest)} {Phase(value.Phase)} {Size(value.BytesDone)}/{Size(value.BytesTotal)}"));
    }

    public static string ShortDigest(string digest) => digest.Length > 19 ? digest[..19] : digest;

    public static string Phase(LayerPhase phase) => phase switch
    {
        LayerPhase.Checking => "checking",
        LayerPhase.Present => "present",
        LayerPhase.Pushing => "pushing",
        _ => "done",
    };

    public static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}

/// <summary>A Spectre.Console progress bar per layer (a terminal): checked (pulled, verified, flattened), then pushed or present.</summary>
internal sealed class BarProgress(ProgressContext context) : IProgress<LayerProgress>
{
    private readonly Dictionary<int, ProgressTask> _bars = [];

    public void Report(LayerProgress value)
    {
        lock (_bars)
        {
            if (!_bars.TryGetValue(value.LayerIndex, out var bar))
            {
                bar = _bars[value.LayerIndex] = context.AddTask(Label(value), maxValue: Math.Max(1, value.BytesTotal));
            }

            bar.Description = Label(value);
            bar.MaxValue = Math.Max(1, value.BytesTotal);
            bar.Value = value.Phase is LayerPhase.Present or LayerPhase.Done ? bar.MaxValue : value.BytesDone;
            if (value.Phase is LayerPhase.Present or LayerPhase.Done)
            {
                bar.StopTask();
            }
        }
    }

    private static string Label(LayerProgress value) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"layer {value.LayerIndex + 1}/{value.LayerCount} {PlainProgress.ShortDigest(value.Digest)} {PlainProgress.Phase(value.Phase)}"));
}
