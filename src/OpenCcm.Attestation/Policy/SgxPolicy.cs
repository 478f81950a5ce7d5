using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Policy;

/// <summary>What a relying party accepts from an authentic SGX verdict (DESIGN.md §2, the policy layer).</summary>
public sealed record SgxPolicy
{
    /// <summary>Accepted TCB statuses; by default UpToDate and SWHardeningNeeded, as a zone's default policy.</summary>
    public IReadOnlySet<string> AcceptedTcbStatuses { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TcbStatuses.UpToDate, TcbStatuses.SwHardeningNeeded,
    };

    /// <summary>Debug enclaves expose their memory; refused unless the build is registered as debug.</summary>
    public bool AllowDebug { get; init; }

    public bool AllowSimulated { get; init; }

    /// <summary>Refuse verdicts whose revocation could not be checked (no current CRL).</summary>
    public bool RequireRevocationCheck { get; init; }

    /// <summary>Allowed MRENCLAVE values (hex); null allows any (then <see cref="AllowedMrSigners"/> should be set).</summary>
    public IReadOnlySet<string>? AllowedMrEnclaves { get; init; }

    /// <summary>Allowed MRSIGNER values (hex); null allows any.</summary>
    public IReadOnlySet<string>? AllowedMrSigners { get; init; }

    public ushort? IsvProdId { get; init; }

    public ushort MinimumIsvSvn { get; init; }

    /// <summary>When set, REPORTDATA must equal it (e.g. a hash binding a key or a nonce); shorter values are zero-padded to 64 bytes.</summary>
    public byte[]? ExpectedReportData { get; init; }
}
