using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using OpenCcm.Converter.Layers;

namespace OpenCcm.Converter.Tests.Support;

/// <summary>Crafts layer tars in memory with TarWriter (PAX, so any name can be written).</summary>
internal static class TestLayers
{
    public static byte[] Tar(Action<TarWriter> write)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        return output.ToArray();
    }

    public static void File(this TarWriter w, string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        w.File(name, Encoding.UTF8.GetBytes(content), mode);

    public static void File(this TarWriter w, string name, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = mode, ModificationTime = DateTimeOffset.UnixEpoch });

    public static void Dir(this TarWriter w, string name) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101, ModificationTime = DateTimeOffset.UnixEpoch });

    public static void Symlink(this TarWriter w, string name, string target) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = DateTimeOffset.UnixEpoch });

    public static void HardLink(this TarWriter w, string name, string target) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = DateTimeOffset.UnixEpoch });

    public static void Special(this TarWriter w, TarEntryType type, string name) =>
        w.WriteEntry(new PaxTarEntry(type, name) { ModificationTime = DateTimeOffset.UnixEpoch });

    /// <summary>Flattens uncompressed layer tars in order.</summary>
    public static async Task<FileTree> FlattenAsync(params byte[][] tars)
    {
        var flattener = new LayerFlattener();
        foreach (var tar in tars)
        {
            await using var reader = LayerReader.Open(new MemoryStream(tar), LayerCompression.None);
            await flattener.ApplyAsync(reader);
        }

        return flattener.Tree;
    }

    public static async Task<ConversionException> RefusedAsync(params byte[][] tars) =>
        await Assert.ThrowsAsync<ConversionException>(() => FlattenAsync(tars));

    public static IReadOnlyList<string> Paths(FileTree tree) => tree.ListAll().Select(e => e.Path).ToList();
}
