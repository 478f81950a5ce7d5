using System.Diagnostics;
using OpenCcm.AgentProtocol;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Runtime.Certificates;
using OpenCcm.Runtime.Files;
using OpenCcm.Runtime.Heartbeats;
using OpenCcm.Runtime.Identity;
using OpenCcm.Runtime.Workload;

namespace OpenCcm.Runtime;

/// <summary>
/// The runtime's whole life (issue #5; docs/runtime.md): verify the trusted files, establish the enclave identity,
/// obtain and write every certificate, start the workload, then heartbeats and renewals until it exits.
/// </summary>
public sealed class RuntimeHost(TextWriter log)
{
    private static readonly TimeSpan StoppedHeartbeatDeadline = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var timings = new StartupTimings();
        try
        {
            return await RunCheckedAsync(RuntimeArguments.Parse(args, Environment.GetEnvironmentVariable), timings).ConfigureAwait(false);
        }
        catch (RuntimeStartException e)
        {
            Log(e.Message);
            return e.ExitCode;
        }
    }

    private async Task<int> RunCheckedAsync(RuntimeArguments arguments, StartupTimings timings)
    {
        var (manifestBytes, manifest) = LoadManifest(arguments.ManifestPath);
        var paths = new RootedPaths(arguments.Root);

        VerifyTrustedFiles(paths.Root, manifest, timings);

        var identityWatch = Stopwatch.StartNew();
        var identity = EstablishIdentity(manifestBytes, arguments.SigstructPath);
        using var enclave = SimulatedEnclavePlatform.Open(identity);
        timings.Identity = identityWatch.Elapsed;
        Log($"enclave identity: {Describe(identity)}");

        using var agent = new NodeAgentClient(new Uri(arguments.AgentUrl));
        var issuer = new LocalAttestationIssuer(agent, enclave);
        var certificatesWatch = Stopwatch.StartNew();
        var slots = await ObtainCertificatesAsync(manifest, paths, issuer).ConfigureAwait(false);
        timings.Certificates = certificatesWatch.Elapsed;
        timings.StartToCertificateOnDisk = timings.Elapsed;

        var command = ManifestMapping.ToCommand(manifest, paths, arguments.ExtraArguments, arguments.AgentUrl);
        if (manifest.User is { } user)
        {
            Log($"note: the manifest's user {user} is not applied; the workload runs as the runtime's own user");
        }

        using var workload = WorkloadProcess.Start(command);
        timings.StartToWorkload = timings.Elapsed;
        ReportTimings(timings, arguments.TimingsJsonPath);

        using var stopping = new CancellationTokenSource();
        HeartbeatLoop? heartbeats = null;
        var background = new List<Task>();
        if (manifest.Heartbeat.Enabled && slots.Count > 0)
        {
            var slot = slots[0];
            heartbeats = new HeartbeatLoop(new AgentHeartbeatSender(agent), () => slot.Current, manifest.Heartbeat.IntervalSeconds, Guid.NewGuid(), Log);
            Log($"heartbeats every {heartbeats.IntervalSeconds} s as instance {heartbeats.InstanceId}");
            background.Add(heartbeats.RunAsync(stopping.Token));
        }

        var renewal = new RenewalScheduler(issuer.IssueAsync, paths, signal => workload.Signal(signal), Log);
        background.Add(renewal.RunAsync(slots, stopping.Token));

        var exitCode = await workload.WaitForExitAsync().ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(background).ConfigureAwait(false);
        if (heartbeats is not null)
        {
            await heartbeats.SendStoppedAsync(exitCode, StoppedHeartbeatDeadline).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static (byte[] Bytes, EnclaveManifest Manifest) LoadManifest(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeStartException(RuntimeExitCodes.Usage, $"cannot read the manifest {path}: {e.Message}", e);
        }

        try
        {
            return (bytes, EnclaveManifestSerializer.Load(bytes));
        }
        catch (EnclaveManifestException e)
        {
            throw new RuntimeStartException(RuntimeExitCodes.Usage, $"the manifest {path} is not valid ({e.Code}): {e.Message}", e);
        }
    }

    private static void VerifyTrustedFiles(string root, EnclaveManifest manifest, StartupTimings timings)
    {
        TrustedFileVerification verification;
        try
        {
            verification = TrustedFileVerifier.Verify(root, manifest);
        }
        catch (TrustedFileException e)
        {
            throw new RuntimeStartException(RuntimeExitCodes.TrustedFileMismatch, $"trusted files cannot be checked ({e.Code}): {e.Message}", e);
        }

        timings.TrustedFiles = verification.Elapsed;
        timings.TrustedFileCount = verification.FilesHashed;
        timings.TrustedFileBytes = verification.BytesHashed;
        var mismatches = ManifestMapping.Relevant(verification, ManifestMapping.OutputPaths(manifest));
        if (mismatches.Count > 0)
        {
            var lines = string.Concat(mismatches.Select(m => $"\n  - {m.Code}: {m.Message}"));
            throw new RuntimeStartException(
                RuntimeExitCodes.TrustedFileMismatch,
                $"the root {root} does not match the manifest; the workload was not started ({mismatches.Count} problem(s)):{lines}");
        }
    }

    /// <summary>
    /// EINIT's check on the simulated platform (CONTRACTS-5.md): mrenclave recomputed from this executable and the
    /// manifest bytes must be the SIGSTRUCT's ENCLAVEHASH, and the SIGSTRUCT must verify; the rest of the identity is its.
    /// </summary>
    private static EnclaveIdentity EstablishIdentity(byte[] manifestBytes, string sigstructPath)
    {
        var executable = Environment.ProcessPath
            ?? throw new RuntimeStartException(RuntimeExitCodes.Internal, "cannot locate the runtime's own executable");
        byte[] sigstruct;
        try
        {
            sigstruct = File.ReadAllBytes(sigstructPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeStartException(
                RuntimeExitCodes.IdentityRefused, $"enclave identity refused: cannot read the SIGSTRUCT {sigstructPath}: {e.Message}", e);
        }

        EnclaveIdentityResult result;
        try
        {
            result = EnclaveIdentityCheck.Check(executable, manifestBytes, sigstruct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeStartException(RuntimeExitCodes.Internal, $"cannot read the runtime executable {executable}: {e.Message}", e);
        }

        return result.Identity ?? throw new RuntimeStartException(
            RuntimeExitCodes.IdentityRefused, $"enclave identity refused ({result.Code}): {result.Message} (re-run `ccm enclave measure` after changing the manifest or the runtime)");
    }

    private static string Describe(EnclaveIdentity identity) =>
        $"mrenclave {Convert.ToHexStringLower(identity.MrEnclave)} mrsigner {Convert.ToHexStringLower(identity.MrSigner)} " +
        $"isvprodid {identity.IsvProdId} isvsvn {identity.IsvSvn}" + (identity.Debug ? " debug" : string.Empty);

    private async Task<List<CredentialSlot>> ObtainCertificatesAsync(EnclaveManifest manifest, RootedPaths paths, LocalAttestationIssuer issuer)
    {
        var slots = new List<CredentialSlot>();
        foreach (var request in manifest.Certificates)
        {
            var spec = ManifestMapping.ToSpec(request);
            var credential = await issuer.IssueAsync(spec, CancellationToken.None).ConfigureAwait(false);
            CertificateFiles.Write(paths, spec, credential);
            Log($"certificate for {spec.Subject} written to {spec.CertPath} (serial {credential.Certificate.SerialNumber}, valid until {credential.NotAfter:u})");
            slots.Add(new CredentialSlot(spec, credential));
        }

        if (manifest.CaCertificates.Count > 0)
        {
            var rootPem = slots.Select(slot => CertificateFiles.ZoneRootPem(slot.Current.CaChainPem)).FirstOrDefault(pem => pem is not null)
                ?? throw new RuntimeStartException(
                    RuntimeExitCodes.AgentUnavailable, "caCertificates need the zone root, which comes with a certificate's CA chain; none was received");
            foreach (var ca in manifest.CaCertificates)
            {
                CertificateFiles.WriteCa(paths, ca.CaPath, rootPem);
            }

            SystemTrust.WriteBundles(paths, manifest, rootPem);
        }

        return slots;
    }

    private void ReportTimings(StartupTimings timings, string? jsonPath)
    {
        Log(timings.ToLine());
        if (jsonPath is not null)
        {
            try
            {
                timings.WriteJson(jsonPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log($"cannot write the timings to {jsonPath}: {e.Message}");
            }
        }
    }

    private void Log(string message) => log.WriteLine("ccm-runtime: " + message);
}
