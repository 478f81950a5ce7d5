namespace OpenCcm.Pki.Identity;

/// <summary>
/// What attestation established about a certificate's subject, as the manager verified it. Encoded by
/// <see cref="AttestedIdentityExtension"/>; the DER layout is in src/OpenCcm.Pki/README.md. Equality compares the
/// byte fields by content (records alone would compare array references).
/// </summary>
public sealed record AttestedIdentity
{
    /// <summary>Upper bound for every byte field: the largest measurement (SHA-384, 48 bytes) with room to spare.</summary>
    public const int MaxBytesLength = 64;

    /// <summary>Upper bound for the node id (UUIDs are 36 characters).</summary>
    public const int MaxNodeIdLength = 128;

    public IdentitySubject Subject { get; init; } = IdentitySubject.Workload;

    /// <summary>One of <see cref="TeeKinds"/>.</summary>
    public required string TeeKind { get; init; }

    /// <summary>MRENCLAVE (SGX), MRTD (TDX), MEASUREMENT (SEV-SNP) or PCR0 (Nitro).</summary>
    public required byte[] Measurement { get; init; }

    /// <summary>MRSIGNER (SGX) or the ID/author key digest (SEV-SNP), when the TEE has one.</summary>
    public byte[]? Signer { get; init; }

    /// <summary>ISVPRODID (SGX), when the TEE has one.</summary>
    public long? ProductId { get; init; }

    /// <summary>ISVSVN (SGX) or guest SVN (SEV-SNP), when the TEE has one.</summary>
    public long? SecurityVersion { get; init; }

    /// <summary>A platform identifier (SNP chip id, Nitro module id digest...), mostly for node certificates.</summary>
    public byte[]? PlatformId { get; init; }

    /// <summary>The enrolled node the subject runs on (for a node certificate: the node itself).</summary>
    public required string NodeId { get; init; }

    /// <summary>True when the evidence came from a simulated TEE (DESIGN.md §2): never hardware-backed.</summary>
    public required bool Simulated { get; init; }

    public bool Equals(AttestedIdentity? other) =>
        other is not null
        && Subject == other.Subject
        && TeeKind == other.TeeKind
        && Measurement.AsSpan().SequenceEqual(other.Measurement)
        && NullableBytesEqual(Signer, other.Signer)
        && ProductId == other.ProductId
        && SecurityVersion == other.SecurityVersion
        && NullableBytesEqual(PlatformId, other.PlatformId)
        && NodeId == other.NodeId
        && Simulated == other.Simulated;

    public override int GetHashCode() => HashCode.Combine(Subject, TeeKind, Convert.ToHexString(Measurement), NodeId, Simulated);

    public override string ToString() =>
        $"{Subject} {TeeKind} measurement={Convert.ToHexStringLower(Measurement)} node={NodeId}{(Simulated ? " (simulated)" : "")}";

    /// <summary>Throws <see cref="PkiException"/> with <see cref="PkiErrorCode.IdentityInvalid"/> when a field is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Subject))
        {
            throw Invalid($"unknown subject kind {(int)Subject}");
        }

        if (!TeeKinds.IsKnown(TeeKind))
        {
            throw Invalid($"unknown TEE kind '{TeeKind}' (expected one of {string.Join(", ", TeeKinds.All)})");
        }

        RequireBytes(Measurement, "measurement");
        if (Signer is not null)
        {
            RequireBytes(Signer, "signer");
        }

        if (PlatformId is not null)
        {
            RequireBytes(PlatformId, "platform id");
        }

        if (ProductId < 0 || SecurityVersion < 0)
        {
            throw Invalid("product id and SVN must not be negative");
        }

        if (string.IsNullOrEmpty(NodeId) || NodeId.Length > MaxNodeIdLength)
        {
            throw Invalid($"node id must have 1 to {MaxNodeIdLength} characters");
        }
    }

    internal static PkiException Invalid(string reason) => new(PkiErrorCode.IdentityInvalid, "Attested identity invalid: " + reason + ".");

    private static void RequireBytes(byte[]? value, string name)
    {
        if (value is null || value.Length is 0 or > MaxBytesLength)
        {
            throw Invalid($"{name} must have 1 to {MaxBytesLength} bytes");
        }
    }

    private static bool NullableBytesEqual(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
