namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/builds</c> body. SGX (Fortanix CreateBuildRequest): <c>mrenclave, mrsigner</c> (64 hex digits each),
/// <c>isvprodid, isvsvn</c> (0..65535). Other TEEs: <c>tee_kind</c> TDX|SEV_SNP|NITRO with <c>measurements</c>:
/// TDX <c>mr_td</c> (+ <c>rtmr0..rtmr3</c>), SEV_SNP <c>measurement</c> (+ <c>host_data</c>), NITRO <c>pcr0</c>
/// (+ <c>pcr1, pcr2</c>). The app is named by <c>app_id</c> or <c>app_name</c>.
/// </summary>
public sealed record BuildRequest(
    Guid? AppId,
    string? AppName,
    string? Mrenclave,
    string? Mrsigner,
    int? Isvprodid,
    int? Isvsvn,
    BuildDockerInfo? DockerInfo,
    string? BuildName,
    bool? Debug,
    long? MemSize,
    int? Threads,
    string? TeeKind,
    IReadOnlyDictionary<string, string>? Measurements);

/// <summary>The image a build came from (Fortanix DockerInfo).</summary>
public sealed record BuildDockerInfo(string? DockerImageName, string? DockerVersion, string? DockerImageSha, long? DockerImageSize);

/// <summary>An SGX build's identity (Fortanix EnclaveInfo); hex is lowercase.</summary>
public sealed record BuildEnclaveInfo(string Mrenclave, string Mrsigner, int Isvprodid, int Isvsvn);

/// <summary>Fortanix BuildStatus: <c>status</c> PENDING|WHITELISTED|REJECTED and when it last changed.</summary>
public sealed record BuildStatusInfo(string Status, long StatusUpdatedAt);

/// <summary>
/// A build (Fortanix Build). <c>tee_kind</c>, <c>measurements</c> (wire names as in <see cref="BuildRequest"/>) and
/// <c>debug</c> extend Fortanix's fields.
/// </summary>
public sealed record BuildResponse(
    Guid BuildId,
    Guid AppId,
    string? AppName,
    string? AppDescription,
    string? BuildName,
    long CreatedAt,
    long UpdatedAt,
    BuildStatusInfo Status,
    BuildEnclaveInfo? EnclaveInfo,
    string TeeKind,
    IReadOnlyDictionary<string, string>? Measurements,
    bool Debug,
    BuildDockerInfo? DockerInfo,
    long? MemSize,
    int? Threads,
    Guid? PendingTaskId);
