using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Oci;
using OpenCcm.Oci.Model;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Tests;

/// <summary>Pushes hand-made images (one gzip layer from given tar entries) straight to a test registry: untrusted content.</summary>
internal static class CraftedImages
{
    /// <summary>An image whose only layer holds a regular file named <paramref name="entryName"/> (e.g. "../escape").</summary>
    public static async Task PushAsync(string registryAddress, string repositoryAndTag, string entryName, RegistryCredentials? credentials = null)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream("escaped\n"u8.ToArray()) };
            await writer.WriteEntryAsync(entry);
        }

        var tarBytes = tar.ToArray();
        var gz = new MemoryStream();
        await using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(tarBytes);
        }

        var layer = gz.ToArray();
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest(tarBytes) + "\"]}}");
        var options = new RegistryClientOptions { Credentials = credentials is null ? null : _ => credentials };
        options.InsecureRegistries.Add(registryAddress);
        using var client = new RegistryClient(options);
        var reference = ImageReference.Parse($"{registryAddress}/{repositoryAndTag}");
        var repository = client.OpenRepository(reference);
        var layerDescriptor = new OciDescriptor { MediaType = OciMediaTypes.LayerGzip, Digest = Digest(layer), Size = layer.Length };
        var configDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = Digest(config), Size = config.Length };
        await repository.PushBlobAsync(layerDescriptor, new MemoryStream(layer));
        await repository.PushBlobAsync(configDescriptor, new MemoryStream(config));
        var manifest = OciJson.Serialize(new OciManifest { MediaType = OciMediaTypes.ImageManifest, Config = configDescriptor, Layers = [layerDescriptor] });
        await repository.PushManifestAsync(reference, manifest, OciMediaTypes.ImageManifest);
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
