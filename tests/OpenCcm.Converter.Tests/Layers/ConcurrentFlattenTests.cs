using System.Formats.Tar;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.Tests.Support;

namespace OpenCcm.Converter.Tests.Layers;

/// <summary>Layers read concurrently (<see cref="LayerFlattener.ReadAsync"/>) and applied in order flatten exactly as one after the other.</summary>
public sealed class ConcurrentFlattenTests
{
    /// <summary>Whiteouts, opaque directories, hard links and replacements that only come out right in layer order.</summary>
    public static byte[][] OrderSensitiveLayers() =>
    [
        TestLayers.Tar(w =>
        {
            w.File("a/keep", "1");
            w.File("a/gone", "2");
            w.File("d/x/y", "3");
            w.File("etc/sub/b", "4");
            w.File("etc/group", ConversionFixture.Group);
            w.File("bin/busybox", "bb", (UnixFileMode)0b111_101_101);
            w.File("f", "a file");
        }),
        TestLayers.Tar(w =>
        {
            w.File("a/.wh.gone", "");
            w.File(".wh.d", "");
            w.File("etc/new", "5");
            w.File("etc/.wh..wh..opq", ""); // after this layer's own etc/new: keeps it
            w.HardLink("bin/sh", "bin/busybox");
            w.File(".wh.f", "");
            w.File("f/inner", "a directory now");
        }),
        TestLayers.Tar(w =>
        {
            w.File("d", "d is a file again");
            w.File("etc/sub/x", "6");
            w.File("etc/passwd", ConversionFixture.Passwd); // captured content, read from a layer's changes
            w.File("a/.wh..wh..opq", "");
            w.File("a/z", "7");
            w.HardLink("etc/ln", "etc/new");
            w.File("bin/busybox", "bb v2", (UnixFileMode)0b111_101_101);
        }),
        TestLayers.Tar(w =>
        {
            w.File(".wh.d", "");
            w.Symlink("d", "/etc/sub");
            w.File("etc/.wh.new", "");
            w.File("bin/.wh.sh", "");
            w.HardLink("bin/sh", "bin/busybox");
        }),
    ];

    [Fact]
    public async Task Concurrent_reading_applied_in_order_gives_the_sequential_tree()
    {
        var layers = OrderSensitiveLayers();
        var sequential = await TestLayers.FlattenAsync(layers);

        var changes = await Task.WhenAll(layers.Select(tar => Task.Run(async () =>
        {
            await using var reader = LayerReader.Open(new MemoryStream(tar), LayerCompression.None);
            return await LayerFlattener.ReadAsync(reader);
        })));
        var flattener = new LayerFlattener();
        foreach (var layer in changes)
        {
            Assert.True(layer.Complete);
            flattener.Apply(layer);
        }

        Assert.Equal(Snapshot(sequential), Snapshot(flattener.Tree));
        Assert.Equal(sequential.NodeCount, flattener.Tree.NodeCount);
        Assert.Equal(["a", "a/z", "bin", "bin/busybox", "bin/sh", "d", "etc", "etc/ln", "etc/passwd", "etc/sub", "etc/sub/x", "f", "f/inner"], TestLayers.Paths(flattener.Tree));
        Assert.Equal(ConversionFixture.Passwd, System.Text.Encoding.UTF8.GetString(flattener.Tree.ReadCaptured("etc/passwd")!));
    }

    [Fact]
    public async Task A_refusal_found_while_reading_comes_after_the_tree_refusals_before_it_in_archive_order()
    {
        var lower = TestLayers.Tar(w => w.Symlink("s", "x"));
        var treeFirst = TestLayers.Tar(w => { w.File("s/inside", "through the link"); w.Special(TarEntryType.CharacterDevice, "dev/mem"); });
        var readerFirst = TestLayers.Tar(w => { w.Special(TarEntryType.CharacterDevice, "dev/mem"); w.File("s/inside", "through the link"); });

        foreach (var (upper, code) in new[] { (treeFirst, ConversionErrorCodes.EntryPathThroughSymlink), (readerFirst, ConversionErrorCodes.DeviceNode) })
        {
            Assert.Equal(code, (await TestLayers.RefusedAsync(lower, upper)).Code);

            var flattener = new LayerFlattener();
            var changes = new List<LayerChanges>();
            foreach (var tar in new[] { lower, upper })
            {
                await using var reader = LayerReader.Open(new MemoryStream(tar), LayerCompression.None);
                changes.Add(await LayerFlattener.ReadAsync(reader));
            }

            Assert.False(changes[1].Complete); // the device node stopped the reading; it is raised on apply
            flattener.Apply(changes[0]);
            Assert.Equal(code, Assert.Throws<ConversionException>(() => flattener.Apply(changes[1])).Code);
        }
    }

    private static List<string> Snapshot(FileTree tree) =>
        tree.ListAll().Select(e => string.Join('|', e.Path, e.Node.Kind, e.Node.Mode, e.Node.Uid, e.Node.Gid, e.Node.Size,
            e.Node.Sha256 is { } hash ? Convert.ToHexStringLower(hash) : "-", e.Node.LinkTarget ?? "-", e.Node.ModificationTime.ToUnixTimeSeconds())).ToList();
}
