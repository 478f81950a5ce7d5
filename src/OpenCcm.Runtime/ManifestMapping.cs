using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Runtime.Certificates;
using OpenCcm.Runtime.Files;
using OpenCcm.Runtime.Workload;

namespace OpenCcm.Runtime;

/// <summary>Turns the (validated) manifest into what the runtime's parts take.</summary>
public static class ManifestMapping
{
    public static CertificateSpec ToSpec(CertificateRequestSpec request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CertificateSpec
        {
            Issuer = request.Issuer,
            Subject = request.Subject,
            AltNames = request.AltNames,
            KeyType = request.KeyType,
            KeySize = request.KeyParam.Size,
            Curve = request.KeyParam.Curve,
            KeyPath = request.KeyPath,
            CertPath = request.CertPath,
            ChainPath = request.ChainFile,
            RenewBeforeSeconds = request.RenewBeforeSeconds,
            ReloadSignal = request.ReloadSignal,
        };
    }

    /// <summary>The entrypoint, its arguments, working directory and environment, as host paths under the root.</summary>
    /// <exception cref="RuntimeStartException">Extra arguments the manifest does not allow, or an entrypoint outside the root.</exception>
    public static WorkloadCommand ToCommand(EnclaveManifest manifest, RootedPaths paths, IReadOnlyList<string> extraArguments, string agentUrl)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(extraArguments);
        if (extraArguments.Count > 0 && !manifest.AllowCmdlineArgs)
        {
            throw new RuntimeStartException(
                RuntimeExitCodes.Usage, "the manifest does not allow command-line arguments (allowCmdlineArgs is false); remove the arguments after --");
        }

        var executable = paths.ResolveConfined(manifest.Entrypoint)
            ?? throw new RuntimeStartException(RuntimeExitCodes.EntrypointFailed, $"the entrypoint {manifest.Entrypoint} resolves outside the root");
        var workingDirectory = paths.ResolveConfined(manifest.WorkingDir)
            ?? throw new RuntimeStartException(RuntimeExitCodes.EntrypointFailed, $"the working directory {manifest.WorkingDir} resolves outside the root");
        return new WorkloadCommand(
            executable,
            [.. manifest.Args, .. extraArguments],
            workingDirectory,
            SystemTrust.AddTo(WorkloadEnvironment.Build(manifest.Env, agentUrl), manifest, paths));
    }

    /// <summary>
    /// The paths the runtime itself writes (keys, certificates, chains, CA files), relative to the root: finding them
    /// on a restart is expected, so they are not reported as untrusted files (they are rewritten before the workload starts).
    /// </summary>
    public static HashSet<string> OutputPaths(EnclaveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in manifest.Certificates)
        {
            outputs.Add(ManifestPaths.ToRelative(request.KeyPath));
            outputs.Add(ManifestPaths.ToRelative(request.CertPath));
            if (request.ChainFile is { } chain)
            {
                outputs.Add(ManifestPaths.ToRelative(chain));
            }
        }

        foreach (var ca in manifest.CaCertificates)
        {
            outputs.Add(ManifestPaths.ToRelative(ca.CaPath));
            if (ca.System)
            {
                outputs.Add(ManifestPaths.ToRelative(SystemTrust.BundlePath(ca.CaPath)));
            }
        }

        return outputs;
    }

    /// <summary>The mismatches that matter: everything but the runtime's own output files (and their leftover temporary files).</summary>
    public static List<TrustedFileMismatch> Relevant(TrustedFileVerification verification, HashSet<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(outputs);
        return [.. verification.Mismatches.Where(m => m.Code != TrustedFileCodes.UntrustedFilePresent || !IsOutput(m.Path, outputs))];
    }

    private static bool IsOutput(string path, HashSet<string> outputs)
    {
        if (outputs.Contains(path))
        {
            return true;
        }

        // AtomicFile's temporary files: "<dir>/.<name>.<pid>.<guid>.tmp".
        var name = Path.GetFileName(path);
        if (!name.StartsWith('.') || !name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        return outputs.Any(output =>
            (Path.GetDirectoryName(output) ?? string.Empty) == directory && name.StartsWith("." + Path.GetFileName(output) + ".", StringComparison.Ordinal));
    }
}
