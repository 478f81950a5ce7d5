namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>sealed_secrets</c>: opaque sealed bytes.</summary>
public class SealedSecretEntity
{
    public Guid Id { get; set; }
    public string Purpose { get; set; } = "";
    public string KeyId { get; set; } = "";
    public byte[] SealedData { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}
