namespace OpenCcm.Oci.Tests;

/// <summary>
/// Test images built without Docker: umoci layouts whose layers hold busybox-static (and a second small layer),
/// as DESIGN.md §5 describes. Built once per fixture in a temp directory.
/// </summary>
internal sealed class TestImages : IDisposable
{
    public TestImages()
    {
        Root = Directory.CreateTempSubdirectory("openccm-oci-images").FullName;
        Layout = Path.Combine(Root, "layout");
        Tools.Run("umoci", "init", "--layout", Layout);
        Tools.Run("umoci", "new", "--image", $"{Layout}:base");
        var first = Path.Combine(Root, "bundle1");
        Tools.Run("umoci", "unpack", "--image", $"{Layout}:base", first);
        Directory.CreateDirectory(Path.Combine(first, "rootfs", "bin"));
        File.Copy("/bin/busybox", Path.Combine(first, "rootfs", "bin", "busybox"));
        File.CreateSymbolicLink(Path.Combine(first, "rootfs", "bin", "sh"), "busybox");
        Tools.Run("umoci", "repack", "--image", $"{Layout}:base", first);
        var second = Path.Combine(Root, "bundle2");
        Tools.Run("umoci", "unpack", "--image", $"{Layout}:base", second);
        File.WriteAllText(Path.Combine(second, "rootfs", "hello.txt"), "hello from OpenCCM\n");
        Tools.Run("umoci", "repack", "--image", $"{Layout}:base", second);
        Tools.Run("umoci", "config", "--image", $"{Layout}:base", "--config.entrypoint", "/bin/sh");
    }

    public string Root { get; }

    /// <summary>A umoci layout with the busybox image tagged "base" (OCI manifest, two gzip layers).</summary>
    public string Layout { get; }

    public ImageReference Base => ImageReference.ForLayout(Layout, "base");

    /// <summary>A copy of the layout in a new directory (tests that damage it work on their own copy).</summary>
    public string CopyLayout()
    {
        var target = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N"));
        Tools.Run("cp", "-a", Layout, target);
        return target;
    }

    /// <summary>skopeo copy of the base image to a registry reference (OCI format unless told).</summary>
    public void PushWithSkopeo(ImageReference target, params string[] options) =>
        Tools.Run("skopeo", ["copy", "--quiet", "--dest-tls-verify=false", .. options, $"oci:{Layout}:base", $"docker://{target}"]);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
