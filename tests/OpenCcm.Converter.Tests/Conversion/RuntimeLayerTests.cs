using OpenCcm.Converter.Layers;
using OpenCcm.Converter.RuntimeLayer;
using OpenCcm.Converter.Tests.Support;

namespace OpenCcm.Converter.Tests.Conversion;

public sealed class RuntimeLayerTests(ConversionFixture fixture) : IClassFixture<ConversionFixture>
{
    [Fact]
    public async Task The_layer_is_byte_identical_for_equal_input_with_a_fixed_gzip_header()
    {
        var tree = await TestLayers.FlattenAsync(ConversionFixture.BaseLayer());
        byte[] Build()
        {
            var plan = RuntimeLayerPlan.Create(tree, fixture.RuntimePath, fixture.Options.RuntimeLibraries!);
            var output = new MemoryStream();
            RuntimeLayerBuilder.Write(plan, "{}\n"u8.ToArray(), new byte[1808], output);
            return output.ToArray();
        }

        var first = Build();
        Assert.Equal(first, Build());
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03 }, first[..10]);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(first), System.IO.Compression.CompressionMode.Decompress);
        var reader = new System.Formats.Tar.TarReader(gzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(0, entry.Uid);
            Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("opt/", names);
        Assert.Contains("lib64/ld-linux-x86-64.so.2", names);
    }

    [Fact]
    public void Ldd_output_is_parsed_into_host_paths()
    {
        const string output = "\tlinux-vdso.so.1 (0x00007ffd)\n\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n";
        Assert.Equal(
            ["/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"],
            LddLibraries.Parse(output).Select(l => l.ImagePath));
        Assert.Equal(ConversionErrorCodes.RuntimeMissing, Assert.Throws<ConversionException>(() => LddLibraries.Parse("\tlibfoo.so => not found\n")).Code);
    }

    [Fact]
    public void Ldd_finds_the_c_library_of_a_real_dynamic_executable()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/bin/ls"))
        {
            return;
        }

        var libraries = LddLibraries.Discover("/bin/ls");
        Assert.Contains(libraries, l => l.ImagePath.EndsWith("/libc.so.6", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.ImagePath.Contains("ld-linux", StringComparison.Ordinal));
    }
}
