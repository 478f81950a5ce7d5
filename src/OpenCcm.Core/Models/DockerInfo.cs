namespace OpenCcm.Core.Models;

/// <summary>The image a build came from (Fortanix <c>docker_info</c>).</summary>
/// <param name="ImageName">Image reference (<c>docker_image_name</c>).</param>
/// <param name="Version">Tag or version (<c>docker_version</c>).</param>
/// <param name="ImageSha">Digest (<c>docker_image_sha</c>).</param>
/// <param name="ImageSize">Size in bytes (<c>docker_image_size</c>).</param>
public sealed record DockerInfo(string ImageName, string? Version = null, string? ImageSha = null, long? ImageSize = null);
