using OpenCcm.Oci.Layout;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci;

/// <summary>Opens the store a reference names: a registry repository through the client, or an oci: layout.</summary>
public static class ImageStores
{
    public static IImageStore Open(ImageReference reference, RegistryClient registry)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(registry);
        return reference.Kind == ImageReferenceKind.Layout ? new OciLayout(reference.LayoutPath!) : registry.OpenRepository(reference);
    }
}
