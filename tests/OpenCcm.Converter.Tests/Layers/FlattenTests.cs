using System.Security.Cryptography;
using System.Text;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.Tests.Support;

namespace OpenCcm.Converter.Tests.Layers;

public sealed class FlattenTests
{
    [Fact]
    public async Task Files_are_hashed_with_their_metadata()
    {
        var tree = await TestLayers.FlattenAsync(TestLayers.Tar(w => w.File("./usr/bin/app", "hello", (UnixFileMode)0b111_101_101 | UnixFileMode.SetUser)));
        var app = tree.Find("usr/bin/app")!;
        Assert.Equal(SHA256.HashData("hello"u8), app.Sha256);
        Assert.Equal(5, app.Size);
        Assert.True(app.IsSetUidOrSetGid);
        Assert.Equal(TreeNodeKind.Directory, tree.Find("usr/bin")!.Kind); // implicit parents
        Assert.Equal(["usr", "usr/bin", "usr/bin/app"], TestLayers.Paths(tree));
    }

    [Fact]
    public async Task Whiteouts_delete_lower_files_and_directories()
    {
        var lower = TestLayers.Tar(w => { w.File("a/keep", "1"); w.File("a/gone", "2"); w.File("d/x/y", "3"); });
        var upper = TestLayers.Tar(w => { w.File("a/.wh.gone", ""); w.File(".wh.d", ""); });
        var tree = await TestLayers.FlattenAsync(lower, upper);
        Assert.Equal(["a", "a/keep"], TestLayers.Paths(tree));
    }

    [Fact]
    public async Task A_whiteout_then_a_new_entry_in_the_same_layer_recreates_it()
    {
        var lower = TestLayers.Tar(w => w.File("d/old", "1"));
        var upper = TestLayers.Tar(w => { w.File(".wh.d", ""); w.File("d", "now a file"); });
        var tree = await TestLayers.FlattenAsync(lower, upper);
        Assert.Equal(TreeNodeKind.RegularFile, tree.Find("d")!.Kind);
        Assert.Equal(["d"], TestLayers.Paths(tree));
    }

    [Fact]
    public async Task Opaque_directories_hide_lower_children_but_keep_this_layers()
    {
        var lower = TestLayers.Tar(w => { w.File("etc/a", "1"); w.File("etc/sub/b", "2"); w.File("other", "3"); });
        // the new file comes before the marker: order inside a layer does not matter
        var upper = TestLayers.Tar(w => { w.File("etc/sub/new", "4"); w.File("etc/.wh..wh..opq", ""); w.File("etc/c", "5"); });
        var tree = await TestLayers.FlattenAsync(lower, upper);
        Assert.Equal(["etc", "etc/c", "etc/sub", "etc/sub/new", "other"], TestLayers.Paths(tree));
    }

    [Fact]
    public async Task Whiteouts_of_absent_paths_are_harmless()
    {
        var tree = await TestLayers.FlattenAsync(TestLayers.Tar(w => { w.File("x/.wh.nothing", ""); w.File(".wh.nope", ""); }));
        Assert.Empty(TestLayers.Paths(tree));
    }

    [Fact]
    public async Task Later_layers_replace_files_and_a_file_replaces_a_directory()
    {
        var lower = TestLayers.Tar(w => { w.File("f", "old"); w.File("d/inner", "x"); });
        var upper = TestLayers.Tar(w => { w.File("f", "new"); w.Symlink("d", "f"); });
        var tree = await TestLayers.FlattenAsync(lower, upper);
        Assert.Equal(SHA256.HashData("new"u8), tree.Find("f")!.Sha256);
        Assert.Equal(["d", "f"], TestLayers.Paths(tree));
        Assert.Equal(2, tree.NodeCount);
    }

    [Fact]
    public async Task Hard_links_share_the_targets_hash_across_layers()
    {
        var lower = TestLayers.Tar(w => w.File("bin/busybox", "bb"));
        var upper = TestLayers.Tar(w => w.HardLink("bin/sh", "bin/busybox"));
        var tree = await TestLayers.FlattenAsync(lower, upper);
        Assert.Equal(tree.Find("bin/busybox")!.Sha256, tree.Find("bin/sh")!.Sha256);
    }

    [Fact]
    public async Task Resolve_follows_links_inside_the_root()
    {
        var tar = TestLayers.Tar(w =>
        {
            w.Symlink("lib", "usr/lib");
            w.Symlink("lib64", "usr/lib64");
            w.File("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "ld");
            w.Symlink("usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
            w.Symlink("loop", "loop");
        });
        var tree = await TestLayers.FlattenAsync(tar);
        var resolved = tree.Resolve("lib64/ld-linux-x86-64.so.2");
        Assert.Equal("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", resolved!.Value.Path);
        Assert.Null(tree.Resolve("loop"));
        Assert.Null(tree.Resolve("lib/missing"));
    }

    [Fact]
    public async Task Zstd_layers_are_read()
    {
        var tar = TestLayers.Tar(w => w.File("z", "zstd content"));
        using var compressor = new ZstdSharp.Compressor();
        var compressed = compressor.Wrap(tar).ToArray();
        var flattener = new LayerFlattener();
        await using var reader = LayerReader.Open(new MemoryStream(compressed), LayerCompression.Zstd);
        await flattener.ApplyAsync(reader);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("zstd content")), flattener.Tree.Find("z")!.Sha256);
    }
}
