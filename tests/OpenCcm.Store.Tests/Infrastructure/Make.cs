using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>Valid models with unique names and ids, at microsecond-aligned UTC times (what the stores keep).</summary>
internal static class Make
{
    /// <summary>A fixed instant, microsecond-aligned, UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, 535, 897, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Deep value equality for records holding lists, maps and byte arrays.</summary>
    public static void Same<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));

    public static Account Account() => new()
    {
        Id = Guid.NewGuid(), Name = Unique("account"), Description = "tests", CreatedAt = Now, UpdatedAt = Now,
    };

    public static User User() => new()
    {
        Id = Guid.NewGuid(), Email = $"{Unique("user")}@example.test", FirstName = "Ada", LastName = "Lovelace",
        PasswordHash = "pbkdf2-sha256$600000$c2FsdA$aGFzaA", CreatedAt = Now, UpdatedAt = Now,
    };

    public static Zone Zone(Guid accountId) => new()
    {
        Id = Guid.NewGuid(), AccountId = accountId, Name = Unique("zone"),
        CertificateAuthority = new ZoneCertificateAuthority
        {
            RootCertificatePem = "-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n",
            IssuingCertificatePem = "-----BEGIN CERTIFICATE-----\nissuing\n-----END CERTIFICATE-----\n",
            RootKeySecretId = Guid.NewGuid(), IssuingKeySecretId = Guid.NewGuid(),
        },
        CreatedAt = Now, UpdatedAt = Now,
    };

    public static JoinToken JoinToken(Zone zone) => new()
    {
        Id = Guid.NewGuid(), AccountId = zone.AccountId, ZoneId = zone.Id, TokenHash = RandomNumberGenerator.GetBytes(32),
        CreatedAt = Now, ExpiresAt = Now.AddDays(7),
    };

    public static Node Node(Zone zone) => new()
    {
        Id = Guid.NewGuid(), AccountId = zone.AccountId, ZoneId = zone.Id, Name = Unique("node"), IpAddress = "10.0.0.7",
        TeeKind = TeeKind.Sgx, TcbStatus = "UpToDate",
        PlatformIdentifiers = new Dictionary<string, string> { ["fmspc"] = "00606a000000", ["ppid"] = Hex(16) },
        Labels = new Dictionary<string, string> { ["region"] = "eu", ["tier"] = "gold" },
        Simulated = true, Status = NodeStatus.Running, StatusUpdatedAt = Now, AttestedAt = Now,
        CertificateSerial = Hex(16), CreatedAt = Now, UpdatedAt = Now,
    };

    public static App App(Guid accountId) => new()
    {
        Id = Guid.NewGuid(), AccountId = accountId, Name = Unique("app"), Description = "an app",
        AllowedDomains = ["a.example.test", "b.example.test"], WhitelistedDomains = ["a.example.test"],
        Labels = new Dictionary<string, string> { ["region"] = "eu" },
        CertificateSettings = new AppCertificateSettings { KeyType = "ec", KeySize = 256, Validity = TimeSpan.FromDays(10), Subject = "a.example.test" },
        InputImageName = "docker.io/library/nginx:1.27", OutputImageName = "registry.test/nginx-sgx:1.27",
        AdvancedSettingsJson = """{"entrypoint":["/bin/sh"]}""", CreatedAt = Now, UpdatedAt = Now,
    };

    public static Build SgxBuild(App app, string? mrenclave = null) => new()
    {
        Id = Guid.NewGuid(), AccountId = app.AccountId, AppId = app.Id, Name = "v1", TeeKind = TeeKind.Sgx,
        EnclaveInfo = new EnclaveInfo(mrenclave ?? Hex(32), Hex(32), 7, 3), Status = BuildStatus.Pending,
        DockerInfo = new DockerInfo("registry.test/nginx-sgx", "1.27", "sha256:" + Hex(32), 123456),
        MemSize = 1L << 30, Threads = 16, CreatedAt = Now, UpdatedAt = Now,
    };

    public static ApprovalTask Task(Guid accountId, Guid entityId, int approvalsRequired = 1) => new()
    {
        Id = Guid.NewGuid(), AccountId = accountId, TaskType = TaskType.DomainWhitelist, EntityId = entityId,
        Description = "approve domains", DomainsAdded = ["a.example.test"], DomainsRemoved = ["old.example.test"],
        Requester = new TaskRequester { Type = RequesterType.User, UserId = Guid.NewGuid(), UserName = "ada" },
        Status = ApprovalTaskStatus.InProgress, ApprovalsRequired = approvalsRequired, CreatedAt = Now, UpdatedAt = Now,
    };

    public static Certificate Certificate(Zone zone, Guid? nodeId = null, CertificateStatus status = CertificateStatus.Issued) => new()
    {
        Id = Guid.NewGuid(), AccountId = zone.AccountId, ZoneId = zone.Id, Serial = Hex(16), Status = status, NodeId = nodeId,
        SubjectName = "CN=a.example.test", DnsNames = ["a.example.test"], CsrPem = "-----BEGIN CERTIFICATE REQUEST-----\ncsr\n-----END CERTIFICATE REQUEST-----\n",
        CertificatePem = "-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n",
        NotBefore = Now, NotAfter = Now.AddDays(30), Simulated = true, CreatedAt = Now, UpdatedAt = Now,
    };

    public static ApiToken ApiToken(Guid userId, ApiTokenKind kind = ApiTokenKind.Api) => new()
    {
        Id = Guid.NewGuid(), UserId = userId, Kind = kind, Name = "ci", TokenHash = RandomNumberGenerator.GetBytes(32),
        CreatedAt = Now, ExpiresAt = Now.AddDays(90),
    };

    public static SealedSecret Secret(string purpose) => new()
    {
        Id = Guid.NewGuid(), Purpose = purpose, KeyId = "master-1", SealedData = RandomNumberGenerator.GetBytes(77), CreatedAt = Now,
    };

    public static AuditEntryDraft Draft(Guid? accountId = null, string action = "app.create") => new()
    {
        Timestamp = Now, AccountId = accountId, Actor = "user:" + Guid.NewGuid(), Action = action,
        Subject = "app:" + Guid.NewGuid(), Outcome = AuditOutcome.Success, Details = """{"name":"nginx","domains":["a.example.test"]}""",
    };
}
