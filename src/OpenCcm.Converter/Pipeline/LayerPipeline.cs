using OpenCcm.Converter.Layers;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Pipeline;

/// <summary>
/// The check phase: reads a few layers at a time (pull, digest, gunzip, diff_id, per-file hashes — CPU-bound, one core
/// each) and applies them to the tree strictly in manifest order, so whiteouts, opaque directories, hard links and every
/// refusal come out exactly as from a sequential pass (the lowest failing layer is the one reported). The bytes of each
/// layer the target lacks go to an upload as they are read: staged in the target when it can (committed only after
/// every check passed), else spooled. At most <c>parallelism</c> layers' changes are held at once.
/// Disposing drops every upload not published (a refused image leaves the target untouched).
/// </summary>
internal sealed class LayerPipeline(
    IImageSource source, IImageTarget target, IReadOnlyList<OciDescriptor> layers, IReadOnlyList<string> diffIds,
    string spoolDirectory, LayerLimits limits, IProgress<LayerProgress>? progress) : IAsyncDisposable
{
    private readonly List<LayerUpload> uploads = [];

    /// <summary>
    /// One layer more than there are cores (a layer waiting on the network leaves its core to another; on 2 cores, 3 beat 2
    /// by ≈ 0.2 s at 500 MB in 5 layers), at most 5.
    /// </summary>
    public static int DefaultParallelism => Math.Clamp(Environment.ProcessorCount + 1, 2, 5);

    /// <summary>The uploads of the checked layers the target lacks, in layer order (each digest once).</summary>
    public IReadOnlyList<LayerUpload> Uploads => uploads;

    /// <exception cref="ConversionException">A refusal, with the layer index.</exception>
    public async Task CheckAsync(LayerFlattener flattener, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var firstOfDigest = layers.Select(l => seen.Add(l.Digest)).ToArray();
        var running = new Task<(LayerChanges Changes, LayerUpload? Upload)>?[layers.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = 0;
        void StartNext()
        {
            if (next < layers.Count)
            {
                // On the thread pool: a source whose reads complete synchronously would otherwise check on this thread.
                var index = next++;
                running[index] = Task.Run(() => CheckLayerAsync(index, firstOfDigest[index], stop.Token), stop.Token);
            }
        }

        try
        {
            for (var i = 0; i < parallelism; i++)
            {
                StartNext();
            }

            for (var i = 0; i < layers.Count; i++)
            {
                var check = running[i]!;
                running[i] = null; // owned here from now on; its changes are released once applied
                await ApplyAsync(i, check, flattener).ConfigureAwait(false);
                StartNext();
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await DrainAsync(running).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var upload in uploads)
        {
            await upload.DisposeAsync().ConfigureAwait(false);
        }

        uploads.Clear();
    }

    private async Task ApplyAsync(int index, Task<(LayerChanges Changes, LayerUpload? Upload)> check, LayerFlattener flattener)
    {
        var layer = layers[index];
        try
        {
            var (changes, upload) = await check.ConfigureAwait(false);
            if (upload is not null)
            {
                uploads.Add(upload);
            }

            flattener.Apply(changes);
        }
        catch (OciException e) when (e.Code is OciErrorCodes.BlobDigestMismatch or OciErrorCodes.BlobSizeMismatch)
        {
            // The source's own check fired: report it with the converter's code, like every untrusted-content refusal.
            var code = e.Code == OciErrorCodes.BlobDigestMismatch ? ConversionErrorCodes.BlobDigestMismatch : ConversionErrorCodes.BlobSizeMismatch;
            throw new ConversionException(code, e.Message, e) { LayerIndex = index };
        }
        catch (ConversionException e) when (e.LayerIndex is null)
        {
            throw new ConversionException(e.Code, $"Layer {index} ({layer.Digest}): {e.Message}", e) { LayerIndex = index, EntryPath = e.EntryPath };
        }
    }

    private async Task<(LayerChanges, LayerUpload?)> CheckLayerAsync(int index, bool firstOfDigest, CancellationToken cancellationToken)
    {
        var layer = layers[index];
        LayerUpload? upload = null;
        try
        {
            if (firstOfDigest && !await target.HasBlobAsync(layer, cancellationToken).ConfigureAwait(false))
            {
                upload = await OpenUploadAsync(layer, index, cancellationToken).ConfigureAwait(false);
            }

            var changes = await LayerCheck.ReadAsync(source, layer, index, layers.Count + 1, diffIds[index], upload, limits, progress, cancellationToken).ConfigureAwait(false);
            return (changes, upload);
        }
        catch
        {
            if (upload is not null)
            {
                await upload.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<LayerUpload> OpenUploadAsync(OciDescriptor layer, int index, CancellationToken cancellationToken)
    {
        if (target is IBlobStagingTarget staging)
        {
            try
            {
                if (await staging.TryStageBlobAsync(layer, cancellationToken).ConfigureAwait(false) is { } staged)
                {
                    return new StagedLayerUpload(staged, index);
                }
            }
            catch (OciException)
            {
                // No upload session (e.g. push denied): spool instead, so the image is still judged first and the
                // push at the end reports the target's error.
            }
        }

        return SpooledLayerUpload.Create(layer, index, Path.Combine(spoolDirectory, OciDigest.Hex(layer.Digest)));
    }

    /// <summary>Waits for the layers still running (cancelled) and takes their uploads, so that disposing drops them all.</summary>
    private async Task DrainAsync(Task<(LayerChanges Changes, LayerUpload? Upload)>?[] running)
    {
        foreach (var check in running)
        {
            if (check is null)
            {
                continue;
            }

            try
            {
                var (_, upload) = await check.ConfigureAwait(false);
                if (upload is not null)
                {
                    uploads.Add(upload);
                }
            }
            catch (Exception)
            {
                // A refusal is being reported already; this layer's own outcome no longer matters.
            }
        }
    }
}
