using System.Globalization;
using System.Security.Cryptography;
using OpenCcm.Converter.Composition;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.RuntimeLayer;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter;

/// <summary>
/// Converts an image: pulls the manifest, config and layers (streamed, digest- and diff_id-checked, spooled to a
/// temporary directory), flattens and hashes them, composes the enclave manifest, measures and signs it, builds the
/// runtime layer and the new config and manifest — and only when every check passed, pushes: the original layers
/// unchanged (skipped when the target has them), the runtime layer, the config, the manifest.
/// Memory stays bounded by the file count (the index), not by the image size.
/// </summary>
public static class ImageConverter
{
    private const long ProgressStep = 1 << 20;
    private const int MaxParallelUploads = 3;

    /// <exception cref="ConversionException">Untrusted content, a bad image or bad options; nothing was pushed.</exception>
    /// <exception cref="OciException">The source or target failed (transport, auth, not found).</exception>
    public static async Task<ConversionResult> ConvertAsync(
        IImageSource source, ImageReference sourceRef, IImageTarget target, ImageReference targetRef,
        ConversionOptions options, IProgress<LayerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceRef);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetRef);
        ArgumentNullException.ThrowIfNull(options);

        // Options first: nothing is pulled for a conversion that cannot finish.
        if (!File.Exists(options.RuntimePath))
        {
            throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"The runtime '{options.RuntimePath}' does not exist.");
        }

        var libraries = options.RuntimeLibraries ?? LddLibraries.Discover(options.RuntimePath);
        using var key = LoadSigningKey(options);
        var spool = options.TemporaryDirectory is { } temporary
            ? Directory.CreateDirectory(Path.Combine(temporary, "ccm-convert-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))))
            : Directory.CreateTempSubdirectory("ccm-convert-");
        try
        {
            var resolved = await source.ResolveAsync(sourceRef, cancellationToken).ConfigureAwait(false);
            var config = ImageConfig.Parse(resolved.ConfigBytes.Span);
            var layers = resolved.Layers;
            if (layers.Count > options.Limits.MaxLayers)
            {
                throw new ConversionException(ConversionErrorCodes.SizeLimitExceeded, $"The image has {layers.Count} layers; at most {options.Limits.MaxLayers} are converted.");
            }

            if (config.DiffIds.Count != layers.Count)
            {
                throw new ConversionException(ConversionErrorCodes.InvalidImage, $"The config lists {config.DiffIds.Count} diff_ids for {layers.Count} layers.");
            }

            // 1. Check and flatten every layer, spooling those the target lacks.
            var flattener = new LayerFlattener(options.Limits);
            var spooled = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                string? spoolPath = null;
                if (!spooled.ContainsKey(layer.Digest) && !await target.HasBlobAsync(layer, cancellationToken).ConfigureAwait(false))
                {
                    spoolPath = Path.Combine(spool.FullName, OciDigest.Hex(layer.Digest));
                    spooled[layer.Digest] = spoolPath;
                }

                await FlattenLayerAsync(source, layer, i, layers.Count + 1, config.DiffIds[i], spoolPath, flattener, options.Limits, progress, cancellationToken).ConfigureAwait(false);
            }

            // 2. Manifest, measurement, SIGSTRUCT.
            var plan = RuntimeLayerPlan.Create(flattener.Tree, options.RuntimePath, libraries);
            var enclaveManifest = ManifestComposer.Compose(config, flattener.Tree, options, plan.TrustedAdditions, plan.RuntimeDirectory);
            var manifestBytes = ManifestComposer.Serialize(enclaveManifest);
            var measurement = EnclaveMeasurement.Measure(options.RuntimePath, manifestBytes);
            if (!CryptographicOperations.FixedTimeEquals(measurement.RuntimeSha256, plan.Runtime.Sha256))
            {
                throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"'{options.RuntimePath}' changed while the image was being converted.");
            }

            var mrSigner = EnclaveMeasurement.MrSigner(key);
            var sigstruct = EnclaveSigner.Sign(key, new EnclaveSigningRequest(measurement.MrEnclave, options.IsvProdId, options.IsvSvn, options.Debug), SigstructDate(config));

            // 3. Runtime layer, config, manifest (all deterministic).
            var runtimeLayerPath = Path.Combine(spool.FullName, "runtime-layer.tar.gz");
            RuntimeLayerBlob runtimeLayer;
            await using (var file = new FileStream(runtimeLayerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                runtimeLayer = RuntimeLayerBuilder.Write(plan, manifestBytes, sigstruct, file);
            }

            var mrEnclaveHex = Convert.ToHexStringLower(measurement.MrEnclave);
            var mrSignerHex = Convert.ToHexStringLower(mrSigner);
            var configBytes = ConfigRewriter.Rewrite(resolved.ConfigBytes.Span, runtimeLayer.DiffId, new Dictionary<string, string>
            {
                [ConfigRewriter.MrEnclaveLabel] = mrEnclaveHex,
                [ConfigRewriter.MrSignerLabel] = mrSignerHex,
                [ConfigRewriter.IsvProdIdLabel] = options.IsvProdId.ToString(CultureInfo.InvariantCulture),
                [ConfigRewriter.IsvSvnLabel] = options.IsvSvn.ToString(CultureInfo.InvariantCulture),
            }, config.Created);
            var docker = resolved.ManifestDescriptor.MediaType == OciMediaTypes.DockerManifest;
            var configDescriptor = new OciDescriptor { MediaType = resolved.Config.MediaType, Digest = Sha256Digest.Of(configBytes), Size = configBytes.Length };
            var runtimeDescriptor = new OciDescriptor { MediaType = docker ? OciMediaTypes.DockerLayerGzip : OciMediaTypes.LayerGzip, Digest = runtimeLayer.Digest, Size = runtimeLayer.Size };
            var manifestMediaType = docker ? OciMediaTypes.DockerManifest : OciMediaTypes.ImageManifest;
            var imageManifest = OciJson.Serialize(resolved.Manifest with
            {
                SchemaVersion = 2,
                MediaType = manifestMediaType,
                Config = configDescriptor,
                Layers = [.. layers, runtimeDescriptor],
            });

            if (options.SigstructOutputPath is { } sigstructPath)
            {
                await File.WriteAllBytesAsync(sigstructPath, sigstruct, cancellationToken).ConfigureAwait(false);
            }

            // 4. Every check passed: push the blobs (a few at a time: the registry hashes and stores each upload while
            // the next one streams), then the config, then the manifest.
            var skipped = 0;
            var uploads = new List<(int Index, OciDescriptor Blob, string Path)>();
            for (var i = 0; i < layers.Count; i++)
            {
                if (spooled.Remove(layers[i].Digest, out var path))
                {
                    uploads.Add((i, layers[i], path));
                }
                else
                {
                    skipped++;
                    progress?.Report(new LayerProgress(i, layers.Count + 1, layers[i].Digest, LayerPhase.Present, layers[i].Size, layers[i].Size));
                }
            }

            if (await target.HasBlobAsync(runtimeDescriptor, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
            }
            else
            {
                uploads.Add((layers.Count, runtimeDescriptor, runtimeLayerPath));
            }

            await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = cancellationToken }, (upload, token) =>
                new ValueTask(PushFileAsync(target, upload.Blob, upload.Path, upload.Index, layers.Count + 1, progress, token))).ConfigureAwait(false);

            using (var configStream = new MemoryStream(configBytes, writable: false))
            {
                await target.PushBlobAsync(configDescriptor, configStream, cancellationToken).ConfigureAwait(false);
            }

            var pushed = await target.PushManifestAsync(targetRef, imageManifest, manifestMediaType, cancellationToken).ConfigureAwait(false);
            return new ConversionResult
            {
                NewImage = targetRef.ToString(),
                ImageSha = pushed.Digest,
                ImageSize = imageManifest.Length + configBytes.Length + layers.Sum(l => l.Size) + runtimeLayer.Size,
                IsvProdId = options.IsvProdId,
                IsvSvn = options.IsvSvn,
                MrEnclave = mrEnclaveHex,
                MrSigner = mrSignerHex,
                Sigstruct = sigstruct,
                EnclaveManifest = manifestBytes,
                RuntimeLayerDigest = runtimeLayer.Digest,
                BlobsSkipped = skipped,
            };
        }
        finally
        {
            try
            {
                spool.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover spool directory in temp is not worth failing a finished conversion for.
            }
        }
    }

    private static async Task FlattenLayerAsync(
        IImageSource source, OciDescriptor layer, int index, int count, string diffId, string? spoolPath,
        LayerFlattener flattener, LayerLimits limits, IProgress<LayerProgress>? progress, CancellationToken cancellationToken)
    {
        var compression = LayerMediaTypes.CompressionOf(layer.MediaType);
        var reported = 0L;
        try
        {
            await using var blob = await source.OpenBlobAsync(layer, cancellationToken).ConfigureAwait(false);
            await using var spoolFile = spoolPath is null ? null : new FileStream(spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var tee = new TeeReadStream(blob, spoolFile, read =>
            {
                if (read - reported >= ProgressStep)
                {
                    reported = read;
                    progress?.Report(new LayerProgress(index, count, layer.Digest, LayerPhase.Checking, read, layer.Size));
                }
            });
            // The source's VerifiedBlobStream checks size and digest (hashing the blob once); the reader reads it to its end.
            await using var reader = LayerReader.Open(tee, compression, limits, diffId);
            await flattener.ApplyAsync(reader, cancellationToken).ConfigureAwait(false);
            if (!blob.IsVerified)
            {
                throw new ConversionException(ConversionErrorCodes.BlobDigestMismatch, $"The layer {layer.Digest} was not read to its end.");
            }
        }
        catch (OciException e) when (e.Code is OciErrorCodes.BlobDigestMismatch or OciErrorCodes.BlobSizeMismatch)
        {
            // The source's own check fired first: report it with the converter's code, like every untrusted-content refusal.
            var code = e.Code == OciErrorCodes.BlobDigestMismatch ? ConversionErrorCodes.BlobDigestMismatch : ConversionErrorCodes.BlobSizeMismatch;
            throw new ConversionException(code, e.Message, e) { LayerIndex = index };
        }
        catch (ConversionException e) when (e.LayerIndex is null)
        {
            throw new ConversionException(e.Code, $"Layer {index} ({layer.Digest}): {e.Message}", e) { LayerIndex = index, EntryPath = e.EntryPath };
        }

        progress?.Report(new LayerProgress(index, count, layer.Digest, LayerPhase.Checking, layer.Size, layer.Size));
    }

    private static async Task PushFileAsync(IImageTarget target, OciDescriptor blob, string path, int index, int count, IProgress<LayerProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new LayerProgress(index, count, blob.Digest, LayerPhase.Pushing, 0, blob.Size));
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            await target.PushBlobAsync(blob, file, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(path);
        progress?.Report(new LayerProgress(index, count, blob.Digest, LayerPhase.Done, blob.Size, blob.Size));
    }

    private static RSA LoadSigningKey(ConversionOptions options)
    {
        try
        {
            if (options.SigningKeyPath is { } path)
            {
                return EnclaveSigningKeys.Load(path);
            }

            var generated = EnclaveSigningKeys.Generate();
            if (options.GeneratedSigningKeyPath is { } output)
            {
                EnclaveSigningKeys.Save(generated, output);
            }

            return generated;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or CryptographicException or PlatformNotSupportedException)
        {
            throw new ConversionException(ConversionErrorCodes.SigningKeyInvalid, $"The signing key cannot be used: {e.Message}", e);
        }
    }

    /// <summary>SIGSTRUCT DATE: the image's creation date, so the same image signs to the same bytes (1970-01-01 without one).</summary>
    private static DateOnly SigstructDate(ImageConfig config) =>
        DateOnly.FromDateTime((config.Created ?? DateTimeOffset.UnixEpoch).UtcDateTime);
}
