using System.Text;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Enclave.Tests;

public sealed class TrustedFileTests : IDisposable
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private readonly TempTree tree = new();

    public TrustedFileTests()
    {
        tree.Write("usr/bin/demo", "demo binary");
        tree.Write("etc/app/config.toml", "port = 8443");
        tree.Write("etc/empty", string.Empty);
        tree.Write("a/b/c/d/deep.txt", "deep");
        tree.Write("tmp/scratch", "not trusted");
        tree.Write("var/run/pid", "1");
        tree.Write("var/lib/state", "kept");
    }

    [Fact]
    public void Hashes_regular_files_outside_rw_dirs_sorted()
    {
        var hashes = TrustedFileHasher.Hash(tree.Root, Manifest());

        Assert.Equal(["a/b/c/d/deep.txt", "etc/app/config.toml", "etc/empty", "usr/bin/demo", "var/lib/state"], hashes.Files.Keys);
        Assert.Equal(TempTree.Sha256Hex("demo binary"), hashes.Files["usr/bin/demo"]);
        Assert.Equal(TempTree.Sha256Hex("deep"), hashes.Files["a/b/c/d/deep.txt"]);
        Assert.Equal(EmptySha256, hashes.Files["etc/empty"]);
        Assert.Equal("demo binary".Length + "port = 8443".Length + "deep".Length + "kept".Length, hashes.TotalBytes);
    }

    [Fact]
    public void Rw_dir_exclusion_is_by_whole_segment()
    {
        tree.Write("tmpfiles/x", "trusted: tmpfiles is not tmp");

        var hashes = TrustedFileHasher.Hash(tree.Root, Manifest());

        Assert.Contains("tmpfiles/x", hashes.Files.Keys);
        Assert.DoesNotContain("tmp/scratch", hashes.Files.Keys);
    }

    [Fact]
    public void Large_file_is_hashed_streaming()
    {
        var content = new byte[3 * 1024 * 1024 + 7];
        new Random(5).NextBytes(content);
        tree.Write("big.bin", content);

        var hashes = TrustedFileHasher.Hash(tree.Root, Manifest());

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), hashes.Files["big.bin"]);
    }

    [Fact]
    public void Symlinks_inside_the_root_are_listed_not_hashed()
    {
        File.CreateSymbolicLink(tree.PathOf("usr/bin/demo-link"), "demo");
        File.CreateSymbolicLink(tree.PathOf("usr/bin/absolute-link"), "/etc/app/config.toml");
        Directory.CreateSymbolicLink(tree.PathOf("lib"), "a/b");

        var hashes = TrustedFileHasher.Hash(tree.Root, Manifest());

        Assert.Equal(["lib", "usr/bin/absolute-link", "usr/bin/demo-link"], hashes.Symlinks);
        Assert.DoesNotContain("usr/bin/demo-link", hashes.Files.Keys);
        Assert.DoesNotContain("lib/c/d/deep.txt", hashes.Files.Keys);
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("../..")]
    [InlineData("/../outside")]
    public void Symlink_escaping_the_root_is_refused(string target)
    {
        File.CreateSymbolicLink(tree.PathOf("etc/escape"), target);

        var e = Assert.Throws<TrustedFileException>(() => TrustedFileHasher.Hash(tree.Root, Manifest()));

        Assert.Equal(TrustedFileCodes.SymlinkEscapesRoot, e.Code);
    }

    [Fact]
    public void Symlink_escaping_through_another_link_is_refused()
    {
        Directory.CreateSymbolicLink(tree.PathOf("up"), "a/b/c/d");
        File.CreateSymbolicLink(tree.PathOf("etc/sneaky"), "../up/../../../../..");

        Assert.Equal(TrustedFileCodes.SymlinkEscapesRoot, Assert.Throws<TrustedFileException>(() => TrustedFileHasher.Hash(tree.Root, Manifest())).Code);
    }

    [Fact]
    public void Symlink_loop_is_refused()
    {
        File.CreateSymbolicLink(tree.PathOf("loop1"), "loop2");
        File.CreateSymbolicLink(tree.PathOf("loop2"), "loop1");

        Assert.Equal(TrustedFileCodes.SymlinkEscapesRoot, Assert.Throws<TrustedFileException>(() => TrustedFileHasher.Hash(tree.Root, Manifest())).Code);
    }

    [Fact]
    public void Missing_root_has_its_code()
    {
        var e = Assert.Throws<TrustedFileException>(() => TrustedFileHasher.Hash(tree.PathOf("nope"), Manifest()));

        Assert.Equal(TrustedFileCodes.RootNotFound, e.Code);
    }

    [Fact]
    public void Updated_manifest_verifies_and_reports_work_done()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());

        var result = TrustedFileVerifier.Verify(tree.Root, manifest);

        Assert.True(result.Matches, string.Join("; ", result.Mismatches));
        Assert.Equal(5, result.FilesHashed);
        Assert.True(result.BytesHashed > 0);
        Assert.True(result.Elapsed >= TimeSpan.Zero);
        Assert.Equal(EnclaveManifestSerializer.Serialize(manifest), EnclaveManifestSerializer.Serialize(EnclaveManifestSerializer.Load(EnclaveManifestSerializer.Serialize(manifest))));
    }

    [Fact]
    public void Changed_byte_is_detected()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());
        tree.Write("etc/app/config.toml", "port = 8444");

        var mismatch = Assert.Single(TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches);

        Assert.Equal((TrustedFileCodes.Changed, "etc/app/config.toml"), (mismatch.Code, mismatch.Path));
    }

    [Fact]
    public void Missing_file_is_detected()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());
        File.Delete(tree.PathOf("etc/empty"));

        var mismatch = Assert.Single(TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches);

        Assert.Equal((TrustedFileCodes.Missing, "etc/empty"), (mismatch.Code, mismatch.Path));
    }

    [Fact]
    public void File_replaced_by_a_symlink_or_directory_is_not_regular()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());
        File.Delete(tree.PathOf("etc/empty"));
        File.CreateSymbolicLink(tree.PathOf("etc/empty"), "/var/lib/state");
        File.Delete(tree.PathOf("var/lib/state"));
        Directory.CreateDirectory(tree.PathOf("var/lib/state"));

        var mismatches = TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches;

        Assert.Equal([(TrustedFileCodes.NotRegular, "etc/empty"), (TrustedFileCodes.NotRegular, "var/lib/state")], mismatches.Select(m => (m.Code, m.Path)));
    }

    [Fact]
    public void Unlisted_file_is_reported_but_rw_dirs_may_change()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());
        tree.Write("etc/ld.so.preload", "/tmp/evil.so");
        tree.Write("tmp/new", "fine");
        tree.Write("var/run/other", "fine");

        var mismatch = Assert.Single(TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches);

        Assert.Equal((TrustedFileCodes.UntrustedFilePresent, "etc/ld.so.preload"), (mismatch.Code, mismatch.Path));
    }

    [Fact]
    public void Entrypoint_must_be_trusted()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest()) with { Entrypoint = "/usr/bin/other" };

        var mismatch = Assert.Single(TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches);

        Assert.Equal(TrustedFileCodes.EntrypointNotTrusted, mismatch.Code);
    }

    [Fact]
    public void Entrypoint_through_a_symlink_to_a_trusted_file_is_accepted()
    {
        File.CreateSymbolicLink(tree.PathOf("usr/bin/app"), "/usr/bin/demo");
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest()) with { Entrypoint = "/usr/bin/app" };

        Assert.True(TrustedFileVerifier.Verify(tree.Root, manifest).Matches);
    }

    [Fact]
    public void Entrypoint_through_a_symlink_into_a_rw_dir_is_refused()
    {
        tree.Write("tmp/evil", "evil");
        File.CreateSymbolicLink(tree.PathOf("usr/bin/app"), "../../tmp/evil");
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest()) with { Entrypoint = "/usr/bin/app" };

        var mismatch = Assert.Single(TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches);

        Assert.Equal(TrustedFileCodes.EntrypointNotTrusted, mismatch.Code);
        Assert.Contains("tmp/evil", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mismatch_is_reported_in_path_order()
    {
        var manifest = TrustedFileHasher.Update(tree.Root, Manifest());
        File.Delete(tree.PathOf("usr/bin/demo"));
        tree.Write("a/b/c/d/deep.txt", Encoding.UTF8.GetBytes("Deep"));
        tree.Write("new", "x");

        var mismatches = TrustedFileVerifier.Verify(tree.Root, manifest).Mismatches;

        Assert.Equal(
            [(TrustedFileCodes.Changed, "a/b/c/d/deep.txt"), (TrustedFileCodes.UntrustedFilePresent, "new"), (TrustedFileCodes.Missing, "usr/bin/demo")],
            mismatches.Select(m => (m.Code, m.Path)));
    }

    public void Dispose() => tree.Dispose();

    private static EnclaveManifest Manifest() => new() { Entrypoint = "/usr/bin/demo", RwDirs = ["tmp", "var/run"] };
}
