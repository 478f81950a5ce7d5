namespace OpenCcm.Manager.Hosting;

/// <summary>How <c>ccm manager</c> runs: where its data lives, which database, which addresses, simulation.</summary>
public sealed class ManagerOptions
{
    /// <summary>Default listen address: HTTPS on every interface (agents and users reach it from other machines).</summary>
    public const string DefaultListen = "https://0.0.0.0:8443";

    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "openccm", "manager");

    /// <summary><c>sqlite</c> (a file in the data directory) or a PostgreSQL connection string.</summary>
    public string Database { get; set; } = "sqlite";

    public IList<string> Listen { get; } = [];

    /// <summary>Extra DNS names or IP addresses for the HTTPS server certificate (besides the listen hosts and localhost).</summary>
    public IList<string> ServerNames { get; } = [];

    /// <summary>Accept evidence from simulated TEEs (marked as simulated everywhere). Off by default.</summary>
    public bool AllowSimulated { get; set; }

    /// <summary>Directories of TEE collateral (Intel TCB info, QE identities, CRLs, AMD certificates), recognised by content.</summary>
    public IList<string> CollateralDirectories { get; } = [];

    /// <summary>The simulated platforms' state directory, trusted only with <see cref="AllowSimulated"/> (default: as the CLI's).</summary>
    public string? SimulatedDirectory { get; set; }

    /// <summary>PBKDF2 iterations for new password hashes (OWASP's recommendation by default).</summary>
    public int PasswordHashIterations { get; set; } = Security.PasswordHasher.DefaultIterations;

    /// <summary>The first system administrator, created when no user exists (default: <c>CCM_ADMIN_EMAIL</c>/<c>CCM_ADMIN_PASSWORD</c>).</summary>
    public string? AdminEmail { get; set; } = Environment.GetEnvironmentVariable("CCM_ADMIN_EMAIL");

    public string? AdminPassword { get; set; } = Environment.GetEnvironmentVariable("CCM_ADMIN_PASSWORD");

    /// <summary>The least severe log entries written (benchmarks run the manager in-process with <c>None</c>).</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>Largest request body accepted (evidence, CSRs and JSON are small).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>What is proven about each certificate after signing (OpenCcm.Pki's IssuedCertificateCheck; `--issued-certificate-check`).</summary>
    public Pki.Authority.IssuedCertificateCheck IssuedCertificateCheck { get; set; } = Pki.Authority.IssuedCertificateCheck.Contents;

    /// <summary>
    /// How long the agents' hot path may reuse a store read (the node behind a client certificate, the build of a
    /// measurement). Writes of this manager invalidate at once; this bounds how long a change made through ANOTHER manager
    /// of a cluster (a node deactivated, a build revoked) can take to apply here. Zero disables the caches.
    /// </summary>
    public TimeSpan DecisionCacheTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Image conversions in the manager (runtime, insecure registries, concurrency).</summary>
    public Converter.ConverterSettings Converter { get; } = new();

    /// <summary>How often RUNNING nodes silent for three refresh intervals of their zone are marked unresponsive.</summary>
    public TimeSpan NodeSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often RUNNING app instances past their heartbeat deadline are marked unresponsive.</summary>
    public TimeSpan InstanceSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The least silence that makes an app instance unresponsive (3 × its heartbeat interval, at least this).</summary>
    public TimeSpan InstanceUnresponsiveMinimum { get; set; } = TimeSpan.FromSeconds(15);
}
