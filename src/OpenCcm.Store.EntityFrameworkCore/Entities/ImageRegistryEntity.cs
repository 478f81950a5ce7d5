namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>image_registries</c>; the credential itself is a sealed secret.</summary>
public class ImageRegistryEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string Url { get; set; } = "";
    public string Host { get; set; } = "";
    public string? Description { get; set; }
    public string? Username { get; set; }
    public Guid? CredentialSecretId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
