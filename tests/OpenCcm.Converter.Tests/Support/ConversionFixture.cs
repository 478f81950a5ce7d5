using System.Text;
using OpenCcm.Converter.Images;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Oci;
using OpenCcm.Oci.Layout;
using OpenCcm.Oci.Model;

namespace OpenCcm.Converter.Tests.Support;

/// <summary>
/// A temp directory with a signing key (generated once), a stand-in runtime executable and C library files, and
/// helpers that write test images into oci: layouts.
/// </summary>
public sealed class ConversionFixture : IDisposable
{
    public const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n";
    public const string Group = "root:x:0:\napp:x:1001:\n";

    public ConversionFixture()
    {
        Root = Directory.CreateTempSubdirectory("ccm-converter-tests-").FullName;
        KeyPath = Path.Combine(Root, "signing.pem");
        using (var key = EnclaveSigningKeys.Generate())
        {
            EnclaveSigningKeys.Save(key, KeyPath);
        }

        RuntimePath = Write("ccm-runtime", "stand-in runtime executable v1");
        LibcPath = Write("libc.so.6", "stand-in libc");
        LoaderPath = Write("ld-linux-x86-64.so.2", "stand-in loader");
    }

    public string Root { get; }
    public string KeyPath { get; }
    public string RuntimePath { get; }
    public string LibcPath { get; }
    public string LoaderPath { get; }

    public ConversionOptions Options => new()
    {
        RuntimePath = RuntimePath,
        RuntimeLibraries = [new RuntimeLibrary(LibcPath, "/lib/x86_64-linux-gnu/libc.so.6"), new RuntimeLibrary(LoaderPath, "/lib64/ld-linux-x86-64.so.2")],
        SigningKeyPath = KeyPath,
        IsvProdId = 7,
        IsvSvn = 3,
        RwDirs = ["tmp", "/var/cache/"],
        HeartbeatSeconds = 5,
        TemporaryDirectory = Root,
    };

    public string NewDirectory(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The base layer of most tests: an app, passwd/group, data, files under rwDirs.</summary>
    public static byte[] BaseLayer(string appContent = "#!app v1") => TestLayers.Tar(w =>
    {
        w.Dir("bin");
        w.File("bin/app", appContent, (UnixFileMode)0b111_101_101);
        w.File("etc/passwd", Passwd);
        w.File("etc/group", Group);
        w.File("srv/data.txt", "data");
        w.File("tmp/scratch", "not hashed");
        w.File("var/cache/x", "not hashed either");
        w.Symlink("usr/bin/app", "/bin/app");
    });

    public static string ConfigJson(IReadOnlyList<string> diffIds, string entrypoint = "[\"app\"]") =>
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05Z\","
        + "\"config\":{\"Entrypoint\":" + entrypoint + ",\"Cmd\":[\"--flag\"],\"Env\":[\"PATH=/usr/bin:/bin\",\"A=1\"],"
        + "\"WorkingDir\":\"/srv\",\"User\":\"app\",\"Labels\":{\"existing\":\"label\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + string.Join(",", diffIds.Select(d => "\"" + d + "\"")) + "]},"
        + "\"history\":[{\"created_by\":\"test\"}]}";

    /// <summary>Writes an image of gzip layers (given as tars) into a new oci: layout, tagged "v1".</summary>
    public async Task<(OciLayout Layout, ImageReference Reference)> SourceAsync(params byte[][] tars) =>
        await SourceAsync(null, tars);

    public async Task<(OciLayout Layout, ImageReference Reference)> SourceAsync(Func<IReadOnlyList<string>, string>? config, params byte[][] tars)
    {
        var layout = new OciLayout(NewDirectory("source"));
        var layers = new List<OciDescriptor>();
        foreach (var tar in tars)
        {
            var gz = TestLayers.Gzip(tar);
            var descriptor = new OciDescriptor { MediaType = OciMediaTypes.LayerGzip, Digest = Sha256Digest.Of(gz), Size = gz.Length };
            await layout.PushBlobAsync(descriptor, new MemoryStream(gz));
            layers.Add(descriptor);
        }

        var configBytes = Encoding.UTF8.GetBytes((config ?? (d => ConfigJson(d)))(tars.Select(t => Sha256Digest.Of(t)).ToList()));
        var configDescriptor = new OciDescriptor { MediaType = OciMediaTypes.ImageConfig, Digest = Sha256Digest.Of(configBytes), Size = configBytes.Length };
        await layout.PushBlobAsync(configDescriptor, new MemoryStream(configBytes));
        var manifest = OciJson.Serialize(new OciManifest { MediaType = OciMediaTypes.ImageManifest, Config = configDescriptor, Layers = layers });
        var reference = ImageReference.ForLayout(layout.Directory, "v1");
        await layout.PushManifestAsync(reference, manifest, OciMediaTypes.ImageManifest);
        return (layout, reference);
    }

    public async Task<(ConversionResult Result, OciLayout Target)> ConvertAsync(OciLayout source, ImageReference reference, ConversionOptions? options = null)
    {
        var target = new OciLayout(NewDirectory("target"));
        var result = await ImageConverter.ConvertAsync(source, reference, target, ImageReference.ForLayout(target.Directory, "converted"), options ?? Options);
        return (result, target);
    }

    /// <summary>True when nothing at all was written to the target layout.</summary>
    public static bool IsEmpty(OciLayout target) =>
        !Directory.Exists(target.Directory) || !Directory.EnumerateFiles(target.Directory, "*", SearchOption.AllDirectories).Any();

    private string Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
