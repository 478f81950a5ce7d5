using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.RuntimeLayer;
using OpenCcm.Converter.Tests.Support;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Oci;
using OpenCcm.Oci.Layout;

namespace OpenCcm.Converter.Tests.Conversion;

public sealed class ImageConverterTests(ConversionFixture fixture) : IClassFixture<ConversionFixture>
{
    [Fact]
    public async Task A_converted_image_runs_the_runtime_with_a_manifest_of_every_file()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), TestLayers.Tar(w => w.File("srv/more.txt", "more")));
        var (result, target) = await fixture.ConvertAsync(source, reference);

        var image = await target.ResolveAsync(ImageReference.ForLayout(target.Directory, "converted"));
        Assert.Equal(result.ImageSha, image.ManifestDescriptor.Digest);
        Assert.Equal(3, image.Layers.Count);
        Assert.Single(source.ReadIndex().Manifests);
        var originalLayers = (await source.ResolveAsync(reference)).Layers;
        Assert.Equal(originalLayers, image.Layers.Take(2)); // original layers unchanged

        using var config = JsonDocument.Parse(image.ConfigBytes);
        var c = config.RootElement.GetProperty("config");
        Assert.Equal(RuntimeLayout.Entrypoint, c.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, c.GetProperty("Cmd").ValueKind);
        var labels = c.GetProperty("Labels");
        Assert.Equal("label", labels.GetProperty("existing").GetString());
        Assert.Equal(result.MrEnclave, labels.GetProperty(ConfigRewriter.MrEnclaveLabel).GetString());
        Assert.Equal(result.MrSigner, labels.GetProperty(ConfigRewriter.MrSignerLabel).GetString());
        Assert.Equal("7", labels.GetProperty(ConfigRewriter.IsvProdIdLabel).GetString());
        Assert.Equal("3", labels.GetProperty(ConfigRewriter.IsvSvnLabel).GetString());
        Assert.Equal(3, config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());

        // The runtime layer, read back with the converter's own checks.
        var flattener = new LayerFlattener();
        await using (var blob = await target.OpenBlobAsync(image.Layers[2]))
        await using (var reader = LayerReader.Open(blob, LayerCompression.Gzip, diffId: config.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[2].GetString()))
        {
            await flattener.ApplyAsync(reader);
        }

        var added = flattener.Tree.RegularFiles().Select(f => f.Path).ToList();
        Assert.Equal(["lib/x86_64-linux-gnu/libc.so.6", "lib64/ld-linux-x86-64.so.2", RuntimeLayout.RuntimePath, RuntimeLayout.ManifestPath, RuntimeLayout.SigstructPath], added);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(fixture.RuntimePath)), flattener.Tree.Find(RuntimeLayout.RuntimePath)!.Sha256);
        Assert.Equal(SHA256.HashData(result.EnclaveManifest), flattener.Tree.Find(RuntimeLayout.ManifestPath)!.Sha256);
        Assert.Equal(SHA256.HashData(result.Sigstruct), flattener.Tree.Find(RuntimeLayout.SigstructPath)!.Sha256);

        var manifest = EnclaveManifestSerializer.Load(result.EnclaveManifest);
        Assert.Equal("/usr/bin/app", manifest.Entrypoint); // PATH order: /usr/bin first, through the image's symlink
        Assert.Equal(["--flag"], manifest.Args);
        Assert.Equal("1000:1001", manifest.User);
        Assert.Equal("/srv", manifest.WorkingDir);
        Assert.Equal("1", manifest.Env["A"]);
        Assert.Equal(["tmp", "var/cache"], manifest.RwDirs);
        Assert.Equal(
            ["bin/app", "etc/group", "etc/passwd", "lib/x86_64-linux-gnu/libc.so.6", "lib64/ld-linux-x86-64.so.2", "srv/data.txt", "srv/more.txt"],
            manifest.TrustedFiles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("#!app v1"u8)), manifest.TrustedFiles["bin/app"]);
        Assert.True(manifest.Heartbeat.Enabled);
        Assert.Equal((ushort)7, manifest.IsvProdId);

        // SIGSTRUCT at the offsets Fortanix's scripts read.
        var mrenclave = SHA256.HashData([.. "OpenCCM-ENCLAVE/1\0"u8, .. SHA256.HashData(File.ReadAllBytes(fixture.RuntimePath)), .. SHA256.HashData(result.EnclaveManifest)]);
        Assert.Equal(Convert.ToHexStringLower(mrenclave), result.MrEnclave);
        Assert.Equal(mrenclave, result.Sigstruct.AsSpan(960, 32).ToArray());
        Assert.Equal(result.MrSigner, Convert.ToHexStringLower(SHA256.HashData(result.Sigstruct.AsSpan(128, 384))));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(result.Sigstruct.AsSpan(1024)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(result.Sigstruct.AsSpan(1026)));

        Assert.Equal(image.ManifestBytes.Length + image.ConfigBytes.Length + image.Layers.Sum(l => l.Size), result.ImageSize);
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(["newImage", "imageSHA", "imageSize", "isvprodid", "isvsvn", "mrenclave", "mrsigner"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_same_input_and_options_give_the_same_digests_every_time()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        var (first, firstTarget) = await fixture.ConvertAsync(source, reference);
        var (second, secondTarget) = await fixture.ConvertAsync(source, reference);
        Assert.Equal(first.ImageSha, second.ImageSha);
        Assert.Equal(first.MrEnclave, second.MrEnclave);
        Assert.Equal(first.RuntimeLayerDigest, second.RuntimeLayerDigest);
        Assert.Equal(first.Sigstruct, second.Sigstruct);
        Assert.Equal(first.ImageSize, second.ImageSize);
        Assert.Equal(
            Directory.GetFiles(Path.Combine(firstTarget.Directory, "blobs", "sha256")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(secondTarget.Directory, "blobs", "sha256")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_signing_key_in_memory_signs_exactly_as_its_pem_file()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        using var key = EnclaveSigningKeys.Load(fixture.KeyPath);
        var (fromFile, _) = await fixture.ConvertAsync(source, reference);
        var (fromMemory, _) = await fixture.ConvertAsync(source, reference, fixture.Options with { SigningKey = key, SigningKeyPath = null });
        Assert.Equal(fromFile.MrSigner, fromMemory.MrSigner);
        Assert.Equal(fromFile.Sigstruct, fromMemory.Sigstruct);
        Assert.Equal(fromFile.ImageSha, fromMemory.ImageSha);
        Assert.Equal(3072, key.KeySize); // the caller's key is left usable (not disposed by the conversion)
    }

    [Fact]
    public async Task A_changed_base_file_changes_the_measurement()
    {
        var (source1, ref1) = await fixture.SourceAsync(ConversionFixture.BaseLayer("#!app v1"));
        var (source2, ref2) = await fixture.SourceAsync(ConversionFixture.BaseLayer("#!app v2"));
        var (one, _) = await fixture.ConvertAsync(source1, ref1);
        var (two, _) = await fixture.ConvertAsync(source2, ref2);
        Assert.NotEqual(one.MrEnclave, two.MrEnclave);
        Assert.Equal(one.MrSigner, two.MrSigner);
        Assert.NotEqual(one.ImageSha, two.ImageSha);
    }

    [Fact]
    public async Task Options_change_the_measurement_and_a_debug_enclave_is_signed_as_such()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        var (plain, _) = await fixture.ConvertAsync(source, reference);
        var (debug, _) = await fixture.ConvertAsync(source, reference, fixture.Options with { Debug = true });
        Assert.NotEqual(plain.MrEnclave, debug.MrEnclave); // "debug" is in the measured manifest
        Assert.Equal(0x02, debug.Sigstruct[928] & 0x02); // ATTRIBUTES.DEBUG (SDM SIGSTRUCT, offset 928)
        Assert.Equal(0, plain.Sigstruct[928] & 0x02);
        Assert.True(EnclaveManifestSerializer.Load(debug.EnclaveManifest).Debug);
    }

    [Fact]
    public async Task An_image_with_its_own_c_library_gets_none_added_and_links_are_followed()
    {
        var glibc = TestLayers.Tar(w =>
        {
            w.Symlink("lib", "usr/lib");
            w.Symlink("lib64", "usr/lib64");
            w.File("usr/lib/x86_64-linux-gnu/libc.so.6", "image libc", (UnixFileMode)0b111_101_101);
            w.File("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "image loader", (UnixFileMode)0b111_101_101);
            w.Symlink("usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
            w.Symlink("opt", "usr/opt");
            w.File("usr/opt/openccm/manifest.json", "stale manifest of an earlier conversion");
        });
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), glibc);
        var (result, target) = await fixture.ConvertAsync(source, reference);
        var image = await target.ResolveAsync(ImageReference.ForLayout(target.Directory, "converted"));
        var flattener = new LayerFlattener();
        await using (var blob = await target.OpenBlobAsync(image.Layers[^1]))
        await using (var reader = LayerReader.Open(blob, LayerCompression.Gzip))
        {
            await flattener.ApplyAsync(reader);
        }

        // opt is a link in the image: the runtime goes where it leads, as the engine would write it
        Assert.Equal(["usr/opt/openccm/bin/ccm-runtime", "usr/opt/openccm/manifest.json", "usr/opt/openccm/manifest.json.sigstruct"], flattener.Tree.RegularFiles().Select(f => f.Path));
        var trusted = EnclaveManifestSerializer.Load(result.EnclaveManifest).TrustedFiles;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("image libc"u8)), trusted["usr/lib/x86_64-linux-gnu/libc.so.6"]);
        Assert.DoesNotContain(trusted.Keys, k => k.Contains("openccm", StringComparison.Ordinal)); // reserved for the runtime
    }

    [Fact]
    public async Task Overrides_replace_the_image_command_user_and_environment()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        var options = fixture.Options with
        {
            Entrypoint = ["/bin/app", "serve"],
            User = "0:0",
            WorkingDir = "/",
            Env = new Dictionary<string, string> { ["A"] = "2", ["NEW"] = "x" },
            Certificates = ConversionOptions.ParseCertificates("""[{"issuer":"MANAGER_CA","subject":"demo.example","altNames":["DNS:demo.example"],"keyType":"ec","keyParam":{"curve":"P-256"},"keyPath":"/run/ccm/key.pem","certPath":"/run/ccm/cert.pem"}]"""),
            MemSize = "2048M",
            Threads = 8,
        };
        var (result, _) = await fixture.ConvertAsync(source, reference, options);
        var manifest = EnclaveManifestSerializer.Load(result.EnclaveManifest);
        Assert.Equal("/bin/app", manifest.Entrypoint);
        Assert.Equal(["serve"], manifest.Args); // an overridden entrypoint drops the image's Cmd
        Assert.Equal("0:0", manifest.User);
        Assert.Equal("2", manifest.Env["A"]);
        Assert.Equal("demo.example", Assert.Single(manifest.Certificates).Subject);
        Assert.Equal("2048M", manifest.MemSize);
    }

    [Fact]
    public async Task Bad_options_are_refused_before_anything_is_pulled_or_pushed()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        Assert.Equal(ConversionErrorCodes.InvalidOptions, Assert.Throws<ConversionException>(() => ConversionOptions.ParseCertificates("""[{"keyType":"dsa"}]""")).Code);
        foreach (var (options, code) in new (ConversionOptions, string)[]
        {
            (fixture.Options with { RuntimePath = "/nonexistent/ccm-runtime" }, ConversionErrorCodes.RuntimeMissing),
            (fixture.Options with { SigningKeyPath = fixture.LibcPath }, ConversionErrorCodes.SigningKeyInvalid),
            (fixture.Options with { SigningKey = RSA.Create(2048) }, ConversionErrorCodes.SigningKeyInvalid),
            (fixture.Options with { RwDirs = ["../etc"] }, ConversionErrorCodes.InvalidOptions),
            (fixture.Options with { Entrypoint = ["/no/such/program"] }, ConversionErrorCodes.EntrypointMissing),
            (fixture.Options with { User = "nobody" }, ConversionErrorCodes.UserUnknown),
            (fixture.Options with { MemSize = "lots" }, ConversionErrorCodes.InvalidOptions),
        })
        {
            var target = new OciLayout(fixture.NewDirectory("target"));
            var e = await Assert.ThrowsAsync<ConversionException>(() => ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), options));
            Assert.Equal(code, e.Code);
            Assert.True(ConversionFixture.IsEmpty(target));
        }
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "traversal", ConversionErrorCodes.EntryPathTraversal },
        { "absolute", ConversionErrorCodes.EntryPathAbsolute },
        { "symlink", ConversionErrorCodes.SymlinkEscapes },
        { "hardlink", ConversionErrorCodes.HardLinkEscapes },
        { "chardev", ConversionErrorCodes.DeviceNode },
        { "blockdev", ConversionErrorCodes.DeviceNode },
        { "whiteout", ConversionErrorCodes.WhiteoutEscapes },
    };

    [Fact]
    public async Task The_caller_sees_the_measurement_before_publishing_and_a_refusal_there_publishes_nothing()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        ConversionMeasurement? seen = null;
        var (published, _) = await fixture.ConvertAsync(source, reference, fixture.Options with
        {
            BeforePublish = (measured, _) =>
            {
                seen = measured;
                return ValueTask.CompletedTask;
            },
        });
        Assert.Equal(new ConversionMeasurement(published.MrEnclave, published.MrSigner, published.IsvProdId, published.IsvSvn, fixture.Options.Debug), seen);

        var target = new OciLayout(fixture.NewDirectory("target"));
        var refusing = fixture.Options with
        {
            BeforePublish = (_, _) => throw new ConversionException(ConversionErrorCodes.PublishRefused, "already registered"),
        };
        var e = await Assert.ThrowsAsync<ConversionException>(() => ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), refusing));
        Assert.Equal(ConversionErrorCodes.PublishRefused, e.Code);
        Assert.True(ConversionFixture.IsEmpty(target));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Untrusted_content_is_refused_and_nothing_is_pushed(string kind, string code)
    {
        var crafted = TestLayers.Tar(w =>
        {
            switch (kind)
            {
                case "traversal": w.File("../x", "x"); break;
                case "absolute": w.File("/abs", "x"); break;
                case "symlink": w.Symlink("srv/link", "../../etc/shadow"); break;
                case "hardlink": w.HardLink("srv/link", "../etc/shadow"); break;
                case "chardev": w.Special(System.Formats.Tar.TarEntryType.CharacterDevice, "dev/mem"); break;
                case "blockdev": w.Special(System.Formats.Tar.TarEntryType.BlockDevice, "dev/sda"); break;
                case "whiteout": w.File("srv/.wh...", ""); break;
            }
        });
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), crafted);
        var target = new OciLayout(fixture.NewDirectory("target"));
        var e = await Assert.ThrowsAsync<ConversionException>(() => ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), fixture.Options));
        Assert.Equal(code, e.Code);
        Assert.Equal(1, e.LayerIndex);
        Assert.True(ConversionFixture.IsEmpty(target));
    }

    [Fact]
    public async Task A_layer_whose_bytes_do_not_match_its_digest_is_refused_and_nothing_is_pushed()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), TestLayers.Tar(w => w.File("srv/b", "b")));
        var layer = (await source.ResolveAsync(reference)).Layers[1];
        var blobPath = Path.Combine(source.Directory, "blobs", "sha256", OciDigest.Hex(layer.Digest));
        var bytes = File.ReadAllBytes(blobPath);
        bytes[^5] ^= 0xFF; // inside the gzip trailer's CRC/size: the tar itself still parses
        File.WriteAllBytes(blobPath, bytes);

        var target = new OciLayout(fixture.NewDirectory("target"));
        var e = await Assert.ThrowsAsync<ConversionException>(() => ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), fixture.Options));
        Assert.Contains(e.Code, new[] { ConversionErrorCodes.BlobDigestMismatch, ConversionErrorCodes.LayerMalformed });
        Assert.True(ConversionFixture.IsEmpty(target));
    }

    [Fact]
    public async Task A_layer_that_does_not_match_its_diff_id_is_refused_and_nothing_is_pushed()
    {
        var (source, reference) = await fixture.SourceAsync(
            ids => ConversionFixture.ConfigJson([ids[0], Sha256Digest.Of("not this layer"u8)]),
            ConversionFixture.BaseLayer(), TestLayers.Tar(w => w.File("srv/b", "b")));
        var target = new OciLayout(fixture.NewDirectory("target"));
        var e = await Assert.ThrowsAsync<ConversionException>(() => ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), fixture.Options));
        Assert.Equal(ConversionErrorCodes.LayerDiffIdMismatch, e.Code);
        Assert.True(ConversionFixture.IsEmpty(target));
    }

    [Fact]
    public async Task Blobs_the_target_has_are_not_uploaded_again()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), TestLayers.Tar(w => w.File("srv/b", "b")));
        var target = new OciLayout(fixture.NewDirectory("target"));
        var first = await ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "a"), fixture.Options);
        var progress = new List<LayerProgress>();
        var second = await ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "b"), fixture.Options, new SyncProgress(progress));
        Assert.Equal(0, first.BlobsSkipped);
        Assert.Equal(3, second.BlobsSkipped);
        Assert.Equal(first.ImageSha, second.ImageSha);
        Assert.DoesNotContain(progress, p => p.Phase == LayerPhase.Pushing);
        Assert.Equal(2, progress.Count(p => p.Phase == LayerPhase.Present));
    }

    private sealed class SyncProgress(List<LayerProgress> list) : IProgress<LayerProgress>
    {
        public void Report(LayerProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
