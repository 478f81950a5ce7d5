namespace OpenCcm.Core.Models;

/// <summary>
/// Secret bytes sealed (AES-GCM) under the cluster master key, e.g. a zone CA's private key. The store keeps the
/// sealed bytes opaque; sealing and unsealing happen above it (DESIGN.md §2).
/// </summary>
public sealed record SealedSecret
{
    /// <summary>Identifier.</summary>
    public required Guid Id { get; init; }

    /// <summary>What the secret is for, e.g. <c>zone-ca-root-key</c>; not unique (rotation keeps old ones).</summary>
    public required string Purpose { get; init; }

    /// <summary>Which master key sealed it.</summary>
    public required string KeyId { get; init; }

    /// <summary>The sealed bytes (nonce, ciphertext, tag as the sealer lays them out).</summary>
    public required byte[] SealedData { get; init; }

    /// <summary>When it was sealed.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
