using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Tests;

/// <summary>Pushes hand-made images (gzip layers from given tar entry names) straight to a test registry: untrusted content.</summary>
internal static class CraftedImages
{
    /// <summary>An image whose only layer holds a regular file named <paramref name="entryName"/> (e.g. "../escape").</summary>
    public static async Task PushAsync(string registryAddress, string repositoryAndTag, string entryName, RegistryCredentials? credentials = null) =>
        await PushLayersAsync(registryAddress, repositoryAndTag, credentials, [entryName]);

    /// <summary>An image of one layer per array, each holding regular files with those names; returns the layers' descriptors.</summary>
    public static async Task<IReadOnlyList<OciDescriptor>> PushLayersAsync(string registryAddress, string repositoryAndTag, RegistryCredentials? credentials, params string[][] layerEntryNames)
    {
        var options = new RegistryClientOptions { Credentials = credentials is null ? null : _ => credentials };
        options.InsecureRegistries.Add(registryAddress);
        using var client = new RegistryClient(options);
        var reference = ImageReference.Parse($"{registryAddress}/{repositoryAndTag}");
        var repository = client.OpenRepository(reference);
        var layers = new List<OciDescriptor>();
        var diffIds = new List<string>();
        foreach (var names in layerEntryNames)
        {
            var tarBytes = await TarAsync(names);
            var gz = new MemoryStream();
            await using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            {
                await gzip.WriteAsync(tarBytes);
            }

            var layer = gz.ToArray();
            var descriptor = new OciDescriptor { MediaType = OciMediaTypes.LayerGzip, Digest = Digest(layer), Size = layer.Length };
            await repository.PushBlobAsync(descriptor, new MemoryStream(layer));
            layers.Add(descriptor);
            diffIds.Add(Digest(tarBytes));
        }

        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + string.Join("\",\"", diffIds) + "\"]}}");
        var configDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = Digest(config), Size = config.Length };
        await repository.PushBlobAsync(configDescriptor, new MemoryStream(config));
        var manifest = OciJson.Serialize(new OciManifest { MediaType = OciMediaTypes.ImageManifest, Config = configDescriptor, Layers = layers });
        await repository.PushManifestAsync(reference, manifest, OciMediaTypes.ImageManifest);
        return layers;
    }

    private static async Task<byte[]> TarAsync(IEnumerable<string> names)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var name in names)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"{name}\n")) };
                await writer.WriteEntryAsync(entry);
            }
        }

        return tar.ToArray();
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
