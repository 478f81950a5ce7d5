namespace OpenCcm.Core.Models;

/// <summary>
/// A measured build of an app (Fortanix <c>build_id, app_id, enclave_info, status, pending_task_id</c>). SGX builds
/// carry <see cref="EnclaveInfo"/>; TDX, SEV-SNP and Nitro builds carry <see cref="Measurements"/>.
/// </summary>
public sealed record Build
{
    /// <summary>Identifier (<c>build_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The app this build belongs to.</summary>
    public required Guid AppId { get; init; }

    /// <summary>Optional name (<c>build_name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The TEE the build runs in.</summary>
    public required TeeKind TeeKind { get; init; }

    /// <summary>SGX identity; required for <see cref="TeeKind.Sgx"/>.</summary>
    public EnclaveInfo? EnclaveInfo { get; init; }

    /// <summary>
    /// Other TEEs' measurement fields by claim name, lowercase hex: TDX <c>mrTd, rtmr0..rtmr3</c>; SEV-SNP
    /// <c>measurement, hostData</c>; Nitro <c>pcr0, pcr1, pcr2</c> (see <see cref="BuildMeasurements"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Measurements { get; init; } = new Dictionary<string, string>();

    /// <summary>Registered as a debug build: its debug-mode workloads may get certificates.</summary>
    public bool Debug { get; init; }

    /// <summary>Allowlisting status.</summary>
    public required BuildStatus Status { get; init; }

    /// <summary>The open BUILD_WHITELIST task, if any.</summary>
    public Guid? PendingTaskId { get; init; }

    /// <summary>The source image.</summary>
    public DockerInfo? DockerInfo { get; init; }

    /// <summary>Enclave memory size in bytes (<c>mem_size</c>).</summary>
    public long? MemSize { get; init; }

    /// <summary>Enclave thread count (<c>threads</c>).</summary>
    public int? Threads { get; init; }

    /// <summary>When the build was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
