using System.Security.Cryptography;
using System.Text.Json;
using OpenCcm.Oci.Layout;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

/// <summary>Against a real docker-registry, with images built by umoci and pushed by skopeo.</summary>
[Collection(RegistryTestGroup.Name)]
public sealed class RegistryTests(RegistryFixture fixture)
{
    private static RegistryClient Client(TestRegistry registry, CountingHandler? handler = null, int chunkSize = RegistryClientOptions.DefaultChunkSize, bool uploadInChunks = false)
    {
        var options = new RegistryClientOptions { Handler = handler, ChunkSize = chunkSize, UploadInChunks = uploadInChunks };
        options.InsecureRegistries.Add(registry.Address);
        return new RegistryClient(options);
    }

    private ImageReference PushBase(string repository, params string[] skopeoOptions)
    {
        var reference = fixture.Registry.Reference($"{repository}:1");
        fixture.Images.PushWithSkopeo(reference, skopeoOptions);
        return reference;
    }

    [SkippableFact]
    public async Task Resolves_an_oci_image_pushed_by_skopeo_and_streams_its_layers_verified()
    {
        Tools.SkipUnlessAvailable();
        var reference = PushBase("resolve/oci");
        using var client = Client(fixture.Registry);
        var image = await client.OpenRepository(reference).ResolveAsync(reference);
        var local = await new OciLayout(fixture.Images.Layout).ResolveAsync(fixture.Images.Base);

        Assert.Equal(OciMediaTypes.ImageManifest, image.ManifestDescriptor.MediaType);
        Assert.Equal(local.ManifestDescriptor.Digest, image.ManifestDescriptor.Digest);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal("amd64", JsonDocument.Parse(image.ConfigBytes).RootElement.GetProperty("architecture").GetString());
        foreach (var layer in image.Layers)
        {
            await using var stream = await client.OpenRepository(reference).OpenBlobAsync(layer);
            await stream.CopyToAsync(Stream.Null);
            Assert.True(stream.IsVerified);
        }
    }

    [SkippableFact]
    public async Task Docker_v2_schema2_manifests_resolve_and_copy_byte_for_byte()
    {
        Tools.SkipUnlessAvailable();
        var source = PushBase("v2s2/source", "--format", "v2s2");
        var target = fixture.Registry.Reference("v2s2/target:copied");
        using var client = Client(fixture.Registry);
        var result = await new ImageCopier(client.OpenRepository(source), client.OpenRepository(target)).CopyAsync(source, target);

        Assert.Equal(OciMediaTypes.DockerManifest, result.Source.ManifestDescriptor.MediaType);
        Assert.Equal(OciMediaTypes.DockerLayerGzip, result.Source.Layers[0].MediaType);
        Assert.Equal(OciMediaTypes.DockerConfig, result.Source.Config.MediaType);
        var raw = Tools.Run("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{target}");
        Assert.Equal(result.Source.ManifestBytes.ToArray(), System.Text.Encoding.UTF8.GetBytes(raw));
        Assert.Equal(result.Source.ManifestDescriptor.Digest, result.Manifest.Digest);
    }

    [SkippableFact]
    public async Task A_multi_platform_index_resolves_to_linux_amd64()
    {
        Tools.SkipUnlessAvailable();
        // An index whose first entry is linux/arm64 (same layers, its own config), written by our layout writer and
        // pushed by skopeo --all: skopeo reading our layout checks the writer too.
        var layout = new OciLayout(fixture.Images.CopyLayout());
        var amd64 = await layout.ResolveAsync(ImageReference.ForLayout(layout.Directory, "base"));
        var armConfig = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "arm64", ["os"] = "linux",
            ["rootfs"] = JsonDocument.Parse(amd64.ConfigBytes).RootElement.GetProperty("rootfs"),
        });
        var armConfigDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = OciDigest.Compute(armConfig), Size = armConfig.Length };
        await layout.PushBlobAsync(armConfigDescriptor, new MemoryStream(armConfig));
        var armManifest = OciJson.Serialize(amd64.Manifest with { Config = armConfigDescriptor, MediaType = OciMediaTypes.ImageManifest });
        var armDescriptor = await layout.PushManifestAsync(layout.Repository, armManifest, OciMediaTypes.ImageManifest);
        var index = OciJson.Serialize(new OciIndex
        {
            MediaType = OciMediaTypes.ImageIndex,
            Manifests =
            [
                armDescriptor with { Platform = new OciPlatform { Os = "linux", Architecture = "arm64" } },
                amd64.ManifestDescriptor with { Platform = OciPlatform.LinuxAmd64 },
            ],
        });
        await layout.PushManifestAsync(ImageReference.ForLayout(layout.Directory, "multi"), index, OciMediaTypes.ImageIndex);

        var reference = fixture.Registry.Reference("multi/app:1");
        Tools.Run("skopeo", "copy", "--quiet", "--all", "--dest-tls-verify=false", $"oci:{layout.Directory}:multi", $"docker://{reference}");
        using var client = Client(fixture.Registry);
        var image = await client.OpenRepository(reference).ResolveAsync(reference);

        Assert.Equal(amd64.ManifestDescriptor.Digest, image.ManifestDescriptor.Digest);
        Assert.Equal(OciDigest.Compute(index), image.IndexDescriptor?.Digest);
        Assert.Equal("amd64", JsonDocument.Parse(image.ConfigBytes).RootElement.GetProperty("architecture").GetString());

        // Without linux/amd64 the answer is a stable code.
        var armOnly = OciJson.Serialize(new OciIndex { MediaType = OciMediaTypes.ImageIndex, Manifests = [armDescriptor with { Platform = new OciPlatform { Os = "linux", Architecture = "arm64" } }] });
        var armRef = fixture.Registry.Reference("multi/app:arm-only");
        await client.OpenRepository(armRef).PushManifestAsync(armRef, armOnly, OciMediaTypes.ImageIndex);
        var error = await Assert.ThrowsAsync<OciException>(() => client.OpenRepository(armRef).ResolveAsync(armRef));
        Assert.Equal(OciErrorCodes.PlatformNotFound, error.Code);
    }

    [SkippableFact]
    public async Task Copying_again_skips_every_blob_the_target_has()
    {
        Tools.SkipUnlessAvailable();
        var source = PushBase("skip/source");
        var target = fixture.Registry.Reference("skip/target:1");
        using var first = Client(fixture.Registry);
        var firstCopy = await new ImageCopier(first.OpenRepository(source), first.OpenRepository(target)).CopyAsync(source, target);
        Assert.Equal((3, 0), (firstCopy.BlobsCopied, firstCopy.BlobsSkipped));

        using var handler = new CountingHandler();
        using var second = Client(fixture.Registry, handler);
        var again = await new ImageCopier(second.OpenRepository(source), second.OpenRepository(target)).CopyAsync(source, target);

        Assert.Equal((0, 3), (again.BlobsCopied, again.BlobsSkipped));
        Assert.Equal(3, handler["HEAD blobs"]);
        Assert.Equal(1, handler["GET blobs"]); // the config, read by resolve
        Assert.Equal(0, handler["POST uploads"] + handler["PATCH uploads"] + handler["PUT uploads"]);
        Assert.Equal(1, handler["PUT manifests"]);
        Assert.Equal(firstCopy.Manifest, again.Manifest);
    }

    [SkippableFact]
    public async Task Large_blobs_go_in_PATCH_chunks_small_ones_in_one_PUT()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Registry.Reference("chunks/blob:1");
        using var handler = new CountingHandler();
        using var client = Client(fixture.Registry, handler, chunkSize: 64 * 1024, uploadInChunks: true);
        var repository = client.OpenRepository(reference);
        var large = RandomNumberGenerator.GetBytes(300 * 1024);
        var largeDescriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(large), Size = large.Length };
        await repository.PushBlobAsync(largeDescriptor, new MemoryStream(large));
        Assert.Equal((1, 5, 1), (handler["POST uploads"], handler["PATCH uploads"], handler["PUT uploads"]));

        var small = RandomNumberGenerator.GetBytes(1000);
        var smallDescriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(small), Size = small.Length };
        await repository.PushBlobAsync(smallDescriptor, new MemoryStream(small));
        Assert.Equal((2, 5, 2), (handler["POST uploads"], handler["PATCH uploads"], handler["PUT uploads"]));

        foreach (var (descriptor, content) in new[] { (largeDescriptor, large), (smallDescriptor, small) })
        {
            Assert.True(await repository.HasBlobAsync(descriptor));
            await using var stream = await repository.OpenBlobAsync(descriptor);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }
    }

    [SkippableFact]
    public async Task Large_blobs_are_streamed_in_one_PUT_by_default()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Registry.Reference("streamed/blob:1");
        using var handler = new CountingHandler();
        using var client = Client(fixture.Registry, handler, chunkSize: 64 * 1024);
        var repository = client.OpenRepository(reference);
        foreach (var size in new[] { 64 * 1024, 300 * 1024 + 7, 3 * 1024 * 1024 })
        {
            var content = RandomNumberGenerator.GetBytes(size);
            var descriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(content), Size = content.Length };
            await repository.PushBlobAsync(descriptor, new MemoryStream(content));

            await using var stream = await repository.OpenBlobAsync(descriptor);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        Assert.Equal((3, 0, 3), (handler["POST uploads"], handler["PATCH uploads"], handler["PUT uploads"]));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Content_that_does_not_match_its_descriptor_is_never_committed(bool uploadInChunks)
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Registry.Reference(uploadInChunks ? "refuse/chunked:1" : "refuse/streamed:1");
        using var client = Client(fixture.Registry, chunkSize: 64 * 1024, uploadInChunks: uploadInChunks);
        var repository = client.OpenRepository(reference);
        foreach (var (claimedSize, actualSize) in new[] { (200 * 1024, 200 * 1024 - 1), (200 * 1024, 200 * 1024 + 1), (128 * 1024, 192 * 1024) })
        {
            var actual = RandomNumberGenerator.GetBytes(actualSize);
            var descriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(actual.AsSpan(0, Math.Min(claimedSize, actualSize))), Size = claimedSize };
            var error = await Assert.ThrowsAsync<OciException>(() => repository.PushBlobAsync(descriptor, new MemoryStream(actual)));
            Assert.Equal(OciErrorCodes.BlobSizeMismatch, error.Code);
            Assert.False(await repository.HasBlobAsync(descriptor));
        }

        foreach (var size in new[] { 1000, 200 * 1024 })
        {
            var claimed = RandomNumberGenerator.GetBytes(size);
            var descriptor = new OciDescriptor { MediaType = OciMediaTypes.Layer, Digest = OciDigest.Compute(claimed), Size = size };
            var other = (byte[])claimed.Clone();
            other[size / 2] ^= 1;
            var error = await Assert.ThrowsAsync<OciException>(() => repository.PushBlobAsync(descriptor, new MemoryStream(other)));
            Assert.Equal(OciErrorCodes.BlobDigestMismatch, error.Code);
            Assert.False(await repository.HasBlobAsync(descriptor));
            Assert.False(await repository.HasBlobAsync(descriptor with { Digest = OciDigest.Compute(other) }));
        }
    }

    [SkippableFact]
    public async Task A_layout_with_a_corrupted_blob_is_refused_and_nothing_is_pushed()
    {
        Tools.SkipUnlessAvailable();
        var layout = new OciLayout(fixture.Images.CopyLayout());
        var source = ImageReference.ForLayout(layout.Directory, "base");
        var image = await layout.ResolveAsync(source);
        var busyboxLayer = image.Layers[0];
        var path = Path.Combine(layout.Directory, "blobs", "sha256", OciDigest.Hex(busyboxLayer.Digest));
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(path, bytes);

        var target = fixture.Registry.Reference("corrupt/target:1");
        using var client = Client(fixture.Registry, chunkSize: 256 * 1024);
        var repository = client.OpenRepository(target);
        var error = await Assert.ThrowsAsync<OciException>(() => new ImageCopier(layout, repository).CopyAsync(source, target));

        Assert.Equal(OciErrorCodes.BlobDigestMismatch, error.Code);
        Assert.False(await repository.HasManifestAsync("1"));
        Assert.False(await repository.HasBlobAsync(busyboxLayer));
        Assert.False(await repository.HasBlobAsync(busyboxLayer with { Digest = OciDigest.Compute(bytes) }));
    }

    [SkippableFact]
    public async Task Oci_layout_round_trip_through_the_registry_keeps_the_digest()
    {
        Tools.SkipUnlessAvailable();
        var pushed = PushBase("roundtrip/source");
        var directory = Path.Combine(fixture.Images.Root, "pulled-" + Guid.NewGuid().ToString("N"));
        var pulledRef = ImageReference.Parse($"oci:{directory}:pulled");
        using var client = Client(fixture.Registry);
        var pull = await new ImageCopier(client.OpenRepository(pushed), ImageStores.Open(pulledRef, client)).CopyAsync(pushed, pulledRef);

        // skopeo and umoci read the layout we wrote.
        var inspected = JsonDocument.Parse(Tools.Run("skopeo", "inspect", $"oci:{directory}:pulled")).RootElement;
        Assert.Equal(pull.Manifest.Digest, inspected.GetProperty("Digest").GetString());
        Tools.Run("umoci", "stat", "--image", $"oci:{directory}:pulled".Replace("oci:", "", StringComparison.Ordinal));

        var back = fixture.Registry.Reference("roundtrip/back:1");
        var push = await new ImageCopier(ImageStores.Open(pulledRef, client), client.OpenRepository(back)).CopyAsync(pulledRef, back);
        Assert.Equal(pull.Manifest.Digest, push.Manifest.Digest);
        var resolved = await client.OpenRepository(back).ResolveAsync(back.WithDigest(push.Manifest.Digest));
        Assert.Equal(pull.Source.ManifestBytes.ToArray(), resolved.ManifestBytes.ToArray());
    }

    [SkippableFact]
    public async Task Unknown_tags_and_repositories_are_NotFound()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Registry.Reference("nothing/here:missing");
        using var client = Client(fixture.Registry);
        var error = await Assert.ThrowsAsync<OciException>(() => client.OpenRepository(reference).ResolveAsync(reference));
        Assert.Equal(OciErrorCodes.NotFound, error.Code);
        Assert.Equal(404, error.HttpStatus);
        var layoutError = await Assert.ThrowsAsync<OciException>(() => new OciLayout(fixture.Images.Layout).ResolveAsync(ImageReference.ForLayout(fixture.Images.Layout, "nope")));
        Assert.Equal(OciErrorCodes.NotFound, layoutError.Code);
    }
}
