using OpenCcm.Converter.Images;
using OpenCcm.Converter.Layers;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Converter.Composition;

/// <summary>
/// Builds the enclave manifest of a converted image: the command, environment, working directory and user of the
/// image config unless the options override them (docker run semantics: Entrypoint + Cmd; an overridden entrypoint
/// drops Cmd), the SHA-256 of every regular file outside rwDirs and encryptedDirs, and the options' certificates,
/// heartbeat and enclave settings.
/// </summary>
public static class ManifestComposer
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <param name="addedFiles">Files the runtime layer adds that are part of the workload's root (C library files): relative path → SHA-256.</param>
    /// <param name="runtimeDirectory">The real path of opt/openccm in the image when a link moves it; it is never trusted either.</param>
    /// <exception cref="ConversionException">InvalidOptions, EntrypointMissing, UserUnknown.</exception>
    public static EnclaveManifest Compose(ImageConfig config, FileTree tree, ConversionOptions options, IReadOnlyDictionary<string, byte[]>? addedFiles = null, string? runtimeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);

        var env = Environment(config.Env, options.Env);
        var workingDir = options.WorkingDir ?? (string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir);
        if (!workingDir.StartsWith('/'))
        {
            workingDir = "/" + workingDir;
        }

        var command = Command(config, options);
        var program = ResolveProgram(command[0], env.GetValueOrDefault("PATH") ?? DefaultPath, workingDir, tree);
        var rwDirs = Directories(options.RwDirs, "rwDirs");
        var encryptedDirs = Directories(options.EncryptedDirs, "encryptedDirs");

        var trusted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, node) in tree.RegularFiles())
        {
            // opt/openccm is the runtime's: replaced by the runtime layer, measured apart or unlistable (the manifest itself).
            var reserved = ManifestPaths.IsUnder(path, RuntimeLayer.RuntimeLayout.Directory)
                || OpenCcm.Enclave.Files.RuntimeProvidedPaths.Contains(path)
                || (runtimeDirectory is { Length: > 0 } && ManifestPaths.IsUnder(path, runtimeDirectory));
            if (!reserved && !Excluded(path, rwDirs, encryptedDirs))
            {
                trusted[path] = Convert.ToHexStringLower(node.Sha256!);
            }
        }

        foreach (var (path, hash) in addedFiles ?? new Dictionary<string, byte[]>())
        {
            if (!Excluded(path, rwDirs, encryptedDirs))
            {
                trusted[path] = Convert.ToHexStringLower(hash);
            }
        }

        if (options.HeartbeatSeconds is <= 0)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidOptions, "The heartbeat interval must be positive.");
        }

        return new EnclaveManifest
        {
            Name = options.Name,
            Entrypoint = program,
            Args = command.Skip(1).ToList(),
            AllowCmdlineArgs = options.AllowCmdlineArgs,
            Env = env,
            WorkingDir = workingDir,
            User = options.User is { } user && IsNumericUser(user) ? user : ImageUsers.Resolve(options.User ?? config.User, tree),
            TrustedFiles = trusted,
            RwDirs = rwDirs,
            EncryptedDirs = encryptedDirs,
            Certificates = options.Certificates,
            CaCertificates = options.CaCertificates,
            Heartbeat = options.HeartbeatSeconds is { } seconds ? new HeartbeatSpec { Enabled = true, IntervalSeconds = seconds } : new HeartbeatSpec { Enabled = false },
            IsvProdId = options.IsvProdId,
            IsvSvn = options.IsvSvn,
            MemSize = options.MemSize,
            Threads = options.Threads,
            Debug = options.Debug,
        };
    }

    /// <summary>The manifest's canonical bytes (the measured ones), refusing a manifest the runtime would refuse.</summary>
    /// <exception cref="ConversionException">InvalidOptions, carrying the manifest's own code in the message.</exception>
    public static byte[] Serialize(EnclaveManifest manifest)
    {
        try
        {
            return EnclaveManifestSerializer.Serialize(manifest);
        }
        catch (EnclaveManifestException e)
        {
            throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"The composed manifest is not valid ({e.Code}): {e.Message}", e);
        }
    }

    private static List<string> Command(ImageConfig config, ConversionOptions options)
    {
        var entrypoint = options.Entrypoint ?? config.Entrypoint ?? [];
        var args = options.EntrypointArgs ?? (options.Entrypoint is null ? config.Cmd : null) ?? [];
        var command = entrypoint.Concat(args).ToList();
        return command.Count > 0 && command[0].Length > 0
            ? command
            : throw new ConversionException(ConversionErrorCodes.EntrypointMissing, "The image has no Entrypoint or Cmd and no entrypoint was given.");
    }

    /// <summary>Absolute path of the program as the container's exec would find it (PATH search for bare names).</summary>
    private static string ResolveProgram(string program, string path, string workingDir, FileTree tree)
    {
        IEnumerable<string> candidates = program.Contains('/', StringComparison.Ordinal)
            ? [program.StartsWith('/') ? program : workingDir.TrimEnd('/') + "/" + program]
            : path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(d => d.StartsWith('/')).Select(d => d.TrimEnd('/') + "/" + program);
        foreach (var candidate in candidates)
        {
            var normalized = "/" + LayerPaths.ResolveLinkTarget("", candidate);
            if (tree.Resolve(normalized.TrimStart('/')) is { Node: { Kind: TreeNodeKind.RegularFile } node } && (node.Mode & AnyExecute) != 0)
            {
                return normalized;
            }
        }

        throw new ConversionException(ConversionErrorCodes.EntrypointMissing, $"The program '{program}' is not an executable file of the image (searched {string.Join(", ", candidates)}).");
    }

    private static SortedDictionary<string, string> Environment(IReadOnlyList<string> imageEnv, IReadOnlyDictionary<string, string>? overrides)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in imageEnv)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                env[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"'{key}' is not a valid environment variable.");
            }

            env[key] = value;
        }

        return env;
    }

    private static List<string> Directories(IReadOnlyList<string> directories, string what)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var relative = directory.Trim('/');
            if (!ManifestPaths.IsRelative(relative))
            {
                throw new ConversionException(ConversionErrorCodes.InvalidOptions, $"'{directory}' in {what} is not a directory path inside the root.");
            }

            result.Add(relative);
        }

        return [.. result];
    }

    private static bool Excluded(string path, List<string> rwDirs, List<string> encryptedDirs) =>
        rwDirs.Any(d => ManifestPaths.IsUnder(path, d)) || encryptedDirs.Any(d => ManifestPaths.IsUnder(path, d));

    private static bool IsNumericUser(string user) =>
        user.Split(':') is [var u, var g] && uint.TryParse(u, out _) && uint.TryParse(g, out _);
}
