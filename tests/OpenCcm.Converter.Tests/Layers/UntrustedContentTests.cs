using System.Formats.Tar;
using System.Security.Cryptography;
using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Converter.Tests.Support;

namespace OpenCcm.Converter.Tests.Layers;

/// <summary>Every refusal of "Untrusted content" with a crafted layer and its code.</summary>
public sealed class UntrustedContentTests
{
    [Theory]
    [InlineData("../x", ConversionErrorCodes.EntryPathTraversal)]
    [InlineData("a/../../x", ConversionErrorCodes.EntryPathTraversal)]
    [InlineData("a/..", ConversionErrorCodes.EntryPathTraversal)]
    [InlineData("/abs", ConversionErrorCodes.EntryPathAbsolute)]
    [InlineData("/etc/passwd", ConversionErrorCodes.EntryPathAbsolute)]
    public async Task Entry_names_outside_the_root_are_refused(string name, string code)
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.File(name, "x")));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public async Task Over_long_names_are_refused()
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.File(string.Join('/', Enumerable.Repeat(new string('a', 200), 25)), "x")));
        Assert.Equal(ConversionErrorCodes.EntryPathInvalid, e.Code);
    }

    [Theory]
    [InlineData("link", "..")]
    [InlineData("link", "../etc/passwd")]
    [InlineData("a/b/link", "../../../x")]
    [InlineData("a/link", "b/../../../x")]
    public async Task Relative_symlinks_climbing_above_the_root_are_refused(string name, string target)
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.Symlink(name, target)));
        Assert.Equal(ConversionErrorCodes.SymlinkEscapes, e.Code);
        Assert.Equal(name, e.EntryPath);
    }

    [Theory]
    [InlineData("etc/localtime", "/usr/share/zoneinfo/UTC")]
    [InlineData("bin", "usr/bin")]
    [InlineData("a/b/link", "../../c")]
    [InlineData("abs", "/../../etc")] // resolved from the root, ".." at the root stays there
    public async Task Symlinks_inside_the_root_are_accepted(string name, string target)
    {
        var tree = await TestLayers.FlattenAsync(TestLayers.Tar(w => w.Symlink(name, target)));
        Assert.Equal(target, tree.Find(name)!.LinkTarget);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    public async Task Escaping_hard_links_are_refused(string target)
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.HardLink("link", target)));
        Assert.Equal(ConversionErrorCodes.HardLinkEscapes, e.Code);
    }

    [Fact]
    public async Task Hard_links_to_missing_files_or_directories_are_refused()
    {
        Assert.Equal(ConversionErrorCodes.HardLinkTargetMissing, (await TestLayers.RefusedAsync(TestLayers.Tar(w => w.HardLink("link", "nothing")))).Code);
        Assert.Equal(ConversionErrorCodes.HardLinkTargetMissing, (await TestLayers.RefusedAsync(TestLayers.Tar(w => { w.Dir("d"); w.HardLink("link", "d"); }))).Code);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice, ConversionErrorCodes.DeviceNode)]
    [InlineData(TarEntryType.BlockDevice, ConversionErrorCodes.DeviceNode)]
    [InlineData(TarEntryType.Fifo, ConversionErrorCodes.FifoNode)]
    public async Task Device_nodes_and_fifos_are_refused(TarEntryType type, string code)
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.Special(type, "dev/node")));
        Assert.Equal(code, e.Code);
    }

    [Theory]
    [InlineData("a/.wh...")]
    [InlineData(".wh..")]
    [InlineData("a/.wh.")]
    public async Task Escaping_whiteouts_are_refused(string name)
    {
        var lower = TestLayers.Tar(w => w.File("a/file", "x"));
        var e = await TestLayers.RefusedAsync(lower, TestLayers.Tar(w => w.File(name, "")));
        Assert.Equal(ConversionErrorCodes.WhiteoutEscapes, e.Code);
    }

    [Fact]
    public async Task Whiteout_metadata_other_than_opaque_is_refused()
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => w.File(".wh..wh.plnk", "")));
        Assert.Equal(ConversionErrorCodes.WhiteoutInvalid, e.Code);
    }

    [Fact]
    public async Task Entries_through_a_symlink_are_refused()
    {
        var lower = TestLayers.Tar(w => w.Symlink("evil", "/etc"));
        var e = await TestLayers.RefusedAsync(lower, TestLayers.Tar(w => w.File("evil/passwd", "root::0:0")));
        Assert.Equal(ConversionErrorCodes.EntryPathThroughSymlink, e.Code);
    }

    [Fact]
    public async Task Entries_below_a_file_are_refused()
    {
        var e = await TestLayers.RefusedAsync(TestLayers.Tar(w => { w.File("f", "x"); w.File("f/g", "y"); }));
        Assert.Equal(ConversionErrorCodes.EntryParentNotDirectory, e.Code);
    }

    [Fact]
    public async Task Sparse_files_are_refused()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "f") { DataStream = new MemoryStream(new byte[10]) });
        }

        var tar = output.ToArray();
        tar[156] = (byte)'S'; // the typeflag of GNU sparse files
        FixChecksum(tar, 0);
        var e = await TestLayers.RefusedAsync(tar);
        Assert.Equal(ConversionErrorCodes.EntryTypeUnsupported, e.Code);
    }

    [Fact]
    public async Task Files_over_the_size_limit_are_refused()
    {
        var flattener = new LayerFlattener();
        await using var reader = LayerReader.Open(new MemoryStream(TestLayers.Tar(w => w.File("big", new byte[2000]))), LayerCompression.None, new LayerLimits { MaxEntrySize = 1000 });
        var e = await Assert.ThrowsAsync<ConversionException>(() => flattener.ApplyAsync(reader));
        Assert.Equal(ConversionErrorCodes.SizeLimitExceeded, e.Code);
    }

    [Fact]
    public async Task Decompression_bombs_stop_at_the_layer_limit()
    {
        var gz = TestLayers.Gzip(TestLayers.Tar(w => w.File("zeros", new byte[1 << 20])));
        await using var reader = LayerReader.Open(new MemoryStream(gz), LayerCompression.Gzip, new LayerLimits { MaxLayerUncompressedBytes = 64 * 1024 });
        var e = await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(reader));
        Assert.Equal(ConversionErrorCodes.SizeLimitExceeded, e.Code);
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var tar = TestLayers.Tar(w => { for (var i = 0; i < 20; i++) { w.File($"f{i}", "x"); } });
        await using var reader = LayerReader.Open(new MemoryStream(tar), LayerCompression.None, new LayerLimits { MaxEntriesPerLayer = 10 });
        Assert.Equal(ConversionErrorCodes.SizeLimitExceeded, (await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(reader))).Code);
    }

    [Fact]
    public async Task A_blob_digest_mismatch_is_refused_even_when_the_tar_ends_early()
    {
        var gz = TestLayers.Gzip(TestLayers.Tar(w => w.File("f", "content")));
        var wrongDigest = Sha256Digest.Of("other"u8);
        await using var reader = LayerReader.Open(new VerifyingStream(new MemoryStream(gz), wrongDigest, gz.Length), LayerCompression.Gzip);
        var e = await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(reader));
        Assert.Equal(ConversionErrorCodes.BlobDigestMismatch, e.Code);
    }

    [Fact]
    public async Task A_blob_longer_than_its_descriptor_is_refused()
    {
        var gz = TestLayers.Gzip(TestLayers.Tar(w => w.File("f", "content")));
        await using var reader = LayerReader.Open(new VerifyingStream(new MemoryStream(gz), Sha256Digest.Of(gz), gz.Length - 1), LayerCompression.Gzip);
        Assert.Equal(ConversionErrorCodes.BlobSizeMismatch, (await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(reader))).Code);
    }

    [Fact]
    public async Task A_diff_id_mismatch_is_refused_and_a_match_accepted()
    {
        var tar = TestLayers.Tar(w => w.File("f", "content"));
        await using (var good = LayerReader.Open(new MemoryStream(TestLayers.Gzip(tar)), LayerCompression.Gzip, diffId: Sha256Digest.Of(tar)))
        {
            await new LayerFlattener().ApplyAsync(good);
        }

        await using var bad = LayerReader.Open(new MemoryStream(TestLayers.Gzip(tar)), LayerCompression.Gzip, diffId: Sha256Digest.Of("x"u8));
        Assert.Equal(ConversionErrorCodes.LayerDiffIdMismatch, (await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(bad))).Code);
    }

    [Fact]
    public async Task Truncated_or_garbage_layers_are_refused_not_crashes()
    {
        var gz = TestLayers.Gzip(TestLayers.Tar(w => { w.File("a", RandomNumberGenerator.GetBytes(5000)); w.File("b", "x"); }));
        var digest = Sha256Digest.Of(gz);
        for (var length = 0; length < gz.Length; length++)
        {
            // with its descriptor, every truncation is refused; without, it is malformed or a shorter (digest-less) tar
            await using var verified = LayerReader.Open(new VerifyingStream(new MemoryStream(gz[..length]), digest, gz.Length), LayerCompression.Gzip);
            var e = await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(verified));
            Assert.Contains(e.Code, new[] { ConversionErrorCodes.LayerMalformed, ConversionErrorCodes.BlobSizeMismatch });

            await using var bare = LayerReader.Open(new MemoryStream(gz[..length]), LayerCompression.Gzip);
            var bareError = await Record.ExceptionAsync(() => new LayerFlattener().ApplyAsync(bare));
            Assert.True(bareError is null or ConversionException { Code: ConversionErrorCodes.LayerMalformed }, bareError?.ToString());
        }

        var garbage = RandomNumberGenerator.GetBytes(4096);
        await using var raw = LayerReader.Open(new MemoryStream(garbage), LayerCompression.None);
        Assert.Equal(ConversionErrorCodes.LayerMalformed, (await Assert.ThrowsAsync<ConversionException>(() => new LayerFlattener().ApplyAsync(raw))).Code);
    }

    private static void FixChecksum(byte[] tar, int header)
    {
        var block = tar.AsSpan(header, 512);
        block.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block[148..]);
    }
}
