namespace OpenCcm.Oci;

/// <summary>A repository that is both read and written (every implementation here is).</summary>
public interface IImageStore : IImageSource, IImageTarget
{
}
