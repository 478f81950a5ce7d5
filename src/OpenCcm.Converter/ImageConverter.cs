using System.Globalization;
using System.Security.Cryptography;
using OpenCcm.Converter.Composition;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.Pipeline;
using OpenCcm.Converter.RuntimeLayer;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter;

/// <summary>
/// Converts an image: pulls the manifest, config and layers (a few layers at a time, streamed, digest- and
/// diff_id-checked, applied to the tree in order, every file hashed; the bytes of layers the target lacks are staged
/// in it on the way, or spooled), composes the enclave manifest, measures and signs it, builds the runtime layer and
/// the new config and manifest — and only when every check passed, publishes: the original layers unchanged (staged
/// uploads committed, skipped when the target has them), the runtime layer, the config, the manifest.
/// Memory stays bounded by the file count (the index), not by the image size.
/// </summary>
public static class ImageConverter
{
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

        var parallelism = options.ParallelLayers ?? LayerPipeline.DefaultParallelism;
        if (parallelism < 1)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"ParallelLayers must be at least 1, not {parallelism}.");
        }

        var libraries = options.RuntimeLibraries ?? LddLibraries.Discover(options.RuntimePath);
        using var loadedKey = options.SigningKey is null ? LoadSigningKey(options) : null;
        var key = options.SigningKey ?? loadedKey!;
        RequireSigstructKey(key);
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

            // 1. Check every layer (a few at a time, applied in order); the bytes of those the target lacks are staged in it
            // (or spooled) on the way, committed only in step 4.
            var flattener = new LayerFlattener(options.Limits);
            await using var pipeline = new LayerPipeline(source, target, layers, config.DiffIds, spool.FullName, options.Limits, progress);
            await pipeline.CheckAsync(flattener, parallelism, cancellationToken).ConfigureAwait(false);

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
            var mrEnclaveHex = Convert.ToHexStringLower(measurement.MrEnclave);
            var mrSignerHex = Convert.ToHexStringLower(mrSigner);
            if (options.BeforePublish is { } beforePublish)
            {
                await beforePublish(new ConversionMeasurement(mrEnclaveHex, mrSignerHex, options.IsvProdId, options.IsvSvn, options.Debug), cancellationToken).ConfigureAwait(false);
            }

            // 3. Runtime layer, config, manifest (all deterministic).
            var runtimeLayerPath = Path.Combine(spool.FullName, "runtime-layer.tar.gz");
            RuntimeLayerBlob runtimeLayer;
            await using (var file = new FileStream(runtimeLayerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                runtimeLayer = RuntimeLayerBuilder.Write(plan, manifestBytes, sigstruct, file);
            }

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

            // 4. Every check passed: publish the blobs (commit the staged uploads, push the spooled ones and the runtime
            // layer), then the config, then the manifest.
            var publish = pipeline.Uploads.ToList();
            var skipped = layers.Count - publish.Count;
            for (var i = 0; i < layers.Count; i++)
            {
                if (!publish.Any(u => u.Index == i))
                {
                    progress?.Report(new LayerProgress(i, layers.Count + 1, layers[i].Digest, LayerPhase.Present, layers[i].Size, layers[i].Size));
                }
            }

            if (await target.HasBlobAsync(runtimeDescriptor, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
            }
            else
            {
                // First: the one blob the target has none of yet (the staged layers only need their commits).
                publish.Insert(0, SpooledLayerUpload.Existing(runtimeDescriptor, layers.Count, runtimeLayerPath));
            }

            using (var configStream = new MemoryStream(configBytes, writable: false))
            {
                await Task.WhenAll(
                    LayerPublisher.PublishAsync(publish, target, source, layers.Count + 1, progress, cancellationToken),
                    target.PushBlobAsync(configDescriptor, configStream, cancellationToken)).ConfigureAwait(false);
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

    private static void RequireSigstructKey(RSA key)
    {
        try
        {
            Attestation.Sgx.SigstructSigningKey.Validate(key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new ConversionException(ConversionErrorCodes.SigningKeyInvalid, $"The signing key cannot be used: {e.Message}", e);
        }
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
