using System.Text;
using OpenCcm.Converter.Layers;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Converter;

/// <summary>
/// What the caller decides about a conversion (reference/fortanix-ccm.md §3 names where they exist). Everything not
/// given comes from the image config (entrypoint, cmd, env, workingDir, user).
/// </summary>
public sealed record ConversionOptions
{
    /// <summary>The ccm-runtime executable (NativeAOT) put in the image and measured.</summary>
    public required string RuntimePath { get; init; }

    /// <summary>C library files the runtime needs, host path → image path; null: found with <c>ldd</c> on <see cref="RuntimePath"/>.</summary>
    public IReadOnlyList<RuntimeLibrary>? RuntimeLibraries { get; init; }

    /// <summary>PEM RSA-3072 e = 3 key signing the SIGSTRUCT; null: a key is generated (and saved to <see cref="GeneratedSigningKeyPath"/> when set).</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>
    /// The RSA-3072 e = 3 signing key in memory, used before <see cref="SigningKeyPath"/> (the manager unseals an account's
    /// key and never writes it to disk). The caller keeps and disposes it.
    /// </summary>
    public System.Security.Cryptography.RSA? SigningKey { get; init; }

    /// <summary>Where a generated signing key is written (PKCS#8 PEM, mode 0600).</summary>
    public string? GeneratedSigningKeyPath { get; init; }

    /// <summary>Also write the SIGSTRUCT here (Fortanix's scripts read it at fixed offsets).</summary>
    public string? SigstructOutputPath { get; init; }

    /// <summary>
    /// Called once the measurement is known and every layer passed, before anything is committed to the target: a
    /// <see cref="ConversionException"/> thrown here refuses the conversion and nothing is published (the manager
    /// refuses a measurement its account already has, so no image is pushed for a build it would not register).
    /// </summary>
    public Func<ConversionMeasurement, CancellationToken, ValueTask>? BeforePublish { get; init; }

    /// <summary>Enclave name in the manifest; null: none.</summary>
    public string? Name { get; init; }

    /// <summary>Replaces the image's Entrypoint (program and leading arguments); the image's Cmd is then dropped, as docker run --entrypoint does.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Replaces the image's Cmd (the arguments after the entrypoint).</summary>
    public IReadOnlyList<string>? EntrypointArgs { get; init; }

    public bool AllowCmdlineArgs { get; init; }

    /// <summary>Variables added to (or replacing those of) the image's Env ("manifestEnv").</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Overrides the image's WorkingDir.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Overrides the image's User ("uid:gid", "uid", or names from the image's /etc/passwd and /etc/group).</summary>
    public string? User { get; init; }

    /// <summary>Directories the workload writes; not hashed.</summary>
    public IReadOnlyList<string> RwDirs { get; init; } = [];

    /// <summary>Directories sealed by the runtime; not hashed.</summary>
    public IReadOnlyList<string> EncryptedDirs { get; init; } = [];

    public IReadOnlyList<CertificateRequestSpec> Certificates { get; init; } = [];

    public IReadOnlyList<CaCertificateSpec> CaCertificates { get; init; } = [];

    /// <summary>Heartbeat interval; null: heartbeats off.</summary>
    public int? HeartbeatSeconds { get; init; }

    public ushort IsvProdId { get; init; }

    public ushort IsvSvn { get; init; }

    /// <summary>Enclave size ("2048M"; K/M/G); recorded.</summary>
    public string? MemSize { get; init; }

    /// <summary>Enclave thread count; recorded.</summary>
    public int? Threads { get; init; }

    /// <summary>Sign a debug enclave.</summary>
    public bool Debug { get; init; }

    public LayerLimits Limits { get; init; } = LayerLimits.Default;

    /// <summary>Where blobs are spooled between checking and pushing; null: the system temp directory.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>
    /// Layers read and checked at the same time (each on its own core; they are still applied in order, so the result is
    /// the same for any value); null: one more than the processor count, at most 5.
    /// </summary>
    public int? ParallelLayers { get; init; }

    /// <summary>
    /// Parses a JSON array of certificate requests in the enclave manifest's format (docs/enclave-manifest.md),
    /// as strictly as a manifest is read.
    /// </summary>
    /// <exception cref="ConversionException">InvalidOptions.</exception>
    public static IReadOnlyList<CertificateRequestSpec> ParseCertificates(string json) => ParseInManifest("certificates", json).Certificates;

    /// <summary>Parses a JSON array of CA installations in the enclave manifest's format.</summary>
    /// <exception cref="ConversionException">InvalidOptions.</exception>
    public static IReadOnlyList<CaCertificateSpec> ParseCaCertificates(string json) => ParseInManifest("caCertificates", json).CaCertificates;

    // The manifest loader is the one strict parser of these objects: wrap the array in a minimal manifest.
    private static EnclaveManifest ParseInManifest(string field, string json)
    {
        try
        {
            return EnclaveManifestSerializer.Load(Encoding.UTF8.GetBytes($"{{\"version\":1,\"entrypoint\":\"/x\",\"{field}\":{json}\n}}"));
        }
        catch (EnclaveManifestException e)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"The {field} JSON is not valid ({e.Code}): {e.Message}", e);
        }
    }
}

/// <summary>A C library file for the runtime: read from <paramref name="HostPath"/>, placed at <paramref name="ImagePath"/> (absolute).</summary>
public sealed record RuntimeLibrary(string HostPath, string ImagePath);
