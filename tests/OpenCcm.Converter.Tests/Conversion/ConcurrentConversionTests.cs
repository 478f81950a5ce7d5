using OpenCcm.Converter.Tests.Layers;
using OpenCcm.Converter.Tests.Support;
using OpenCcm.Oci;
using OpenCcm.Oci.Layout;

namespace OpenCcm.Converter.Tests.Conversion;

/// <summary>Layers checked concurrently, and streamed to a staging target while they are checked.</summary>
public sealed class ConcurrentConversionTests(ConversionFixture fixture) : IClassFixture<ConversionFixture>
{
    private static byte[][] Layers() => [ConversionFixture.BaseLayer(), .. ConcurrentFlattenTests.OrderSensitiveLayers()];

    private static byte[] Refused(string name) => TestLayers.Tar(w => { w.File("srv/ok", "fine"); w.File(name, "x"); });

    private ConversionOptions Options(int parallelLayers) => fixture.Options with { ParallelLayers = parallelLayers, Entrypoint = ["/bin/app"], User = "0:0" };

    private async Task<(ConversionResult Result, StagingTarget Target, CountingSource Source)> ConvertStagedAsync(OciLayout layout, ImageReference reference, ConversionOptions options, string? failTransferOf = null, bool refuseStaging = false)
    {
        var target = new StagingTarget(new OciLayout(fixture.NewDirectory("staged"))) { FailTransferOf = failTransferOf, RefuseStaging = refuseStaging };
        var source = new CountingSource(layout);
        var result = await ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Layout.Directory, "converted"), options);
        return (result, target, source);
    }

    [Fact]
    public async Task Any_parallelism_and_staging_give_the_same_image_and_measurement()
    {
        var (source, reference) = await fixture.SourceAsync(Layers());
        var (sequential, _) = await fixture.ConvertAsync(source, reference, Options(1));
        var (parallel, _) = await fixture.ConvertAsync(source, reference, Options(4));
        var (staged, target, _) = await ConvertStagedAsync(source, reference, Options(3));

        foreach (var other in new[] { parallel, staged })
        {
            Assert.Equal(sequential.MrEnclave, other.MrEnclave);
            Assert.Equal(sequential.ImageSha, other.ImageSha);
            Assert.Equal(sequential.EnclaveManifest, other.EnclaveManifest);
        }

        Assert.Equal((5, 5, 0), (target.Staged, target.Committed, target.Abandoned));
        var image = await target.Layout.ResolveAsync(ImageReference.ForLayout(target.Layout.Directory, "converted"));
        Assert.Equal(6, image.Layers.Count);
        Assert.All(image.Layers, l => Assert.True(File.Exists(Path.Combine(target.Layout.Directory, "blobs", "sha256", OciDigest.Hex(l.Digest)))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_refusal_in_a_later_layer_commits_nothing_and_drops_every_staged_upload(int parallelLayers)
    {
        var (source, reference) = await fixture.SourceAsync([.. Layers(), Refused("../escape")]);
        var target = new StagingTarget(new OciLayout(fixture.NewDirectory("staged")));
        var e = await Assert.ThrowsAsync<ConversionException>(() =>
            ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Layout.Directory, "t"), Options(parallelLayers)));

        Assert.Equal(ConversionErrorCodes.EntryPathTraversal, e.Code);
        Assert.Equal(5, e.LayerIndex);
        Assert.True(ConversionFixture.IsEmpty(target.Layout));
        Assert.Equal(0, target.Committed);
        Assert.Equal(target.Staged, target.Abandoned);
        Assert.Equal(6, target.Staged);
    }

    [Fact]
    public async Task The_lowest_refused_layer_is_the_one_reported_whatever_finishes_first()
    {
        // Layer 1 is large (its check ends last), layer 3 is small and refused differently.
        var large = TestLayers.Tar(w => { w.File("srv/big", new byte[8 << 20]); w.File("/abs", "x"); });
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), large, TestLayers.Tar(w => w.File("srv/c", "c")), Refused("../escape"));
        foreach (var parallelLayers in new[] { 1, 4 })
        {
            var target = new OciLayout(fixture.NewDirectory("target"));
            var e = await Assert.ThrowsAsync<ConversionException>(() =>
                ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "t"), Options(parallelLayers)));
            Assert.Equal((ConversionErrorCodes.EntryPathAbsolute, 1), (e.Code, e.LayerIndex));
            Assert.True(ConversionFixture.IsEmpty(target));
        }
    }

    [Fact]
    public async Task A_transfer_that_fails_while_checking_is_pushed_again_from_the_source_at_the_end()
    {
        var (source, reference) = await fixture.SourceAsync(Layers());
        var (expected, _) = await fixture.ConvertAsync(source, reference, Options(2));
        var layer = (await source.ResolveAsync(reference)).Layers[2];

        var (result, target, counting) = await ConvertStagedAsync(source, reference, Options(2), failTransferOf: layer.Digest);

        Assert.Equal(expected.ImageSha, result.ImageSha);
        Assert.Equal(2, counting.Opened(layer.Digest)); // checked once, pulled again for the push
        Assert.Equal((5, 4, 1), (target.Staged, target.Committed, target.Abandoned));
        Assert.True(await target.Layout.HasBlobAsync(layer));
    }

    [Fact]
    public async Task A_target_that_refuses_to_stage_gets_spooled_blobs_and_content_is_still_judged_first()
    {
        var (source, reference) = await fixture.SourceAsync(Layers());
        var (expected, _) = await fixture.ConvertAsync(source, reference, Options(2));
        var (result, target, _) = await ConvertStagedAsync(source, reference, Options(2), refuseStaging: true);
        Assert.Equal(expected.ImageSha, result.ImageSha);
        Assert.Equal(0, target.Staged);

        var (bad, badReference) = await fixture.SourceAsync(ConversionFixture.BaseLayer(), Refused("../escape"));
        var e = await Assert.ThrowsAsync<ConversionException>(() => ConvertStagedAsync(bad, badReference, Options(2), refuseStaging: true));
        Assert.Equal(ConversionErrorCodes.EntryPathTraversal, e.Code);
    }

    [Fact]
    public async Task Parallel_layers_below_one_are_refused_before_anything_is_pulled()
    {
        var (source, reference) = await fixture.SourceAsync(ConversionFixture.BaseLayer());
        var target = new OciLayout(fixture.NewDirectory("target"));
        var counting = new CountingSource(source);
        var e = await Assert.ThrowsAsync<ConversionException>(() =>
            ImageConverter.ConvertAsync(counting, reference, target, ImageReference.ForLayout(target.Directory, "t"), Options(0)));
        Assert.Equal(ConversionErrorCodes.InvalidOptions, e.Code);
        Assert.True(ConversionFixture.IsEmpty(target));
    }
}
