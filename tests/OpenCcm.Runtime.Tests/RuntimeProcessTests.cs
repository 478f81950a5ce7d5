using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OpenCcm.AgentProtocol;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Runtime.Tests;

/// <summary>The published ccm-runtime as a child process against a fake node agent on a real loopback socket.</summary>
public sealed class RuntimeProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Happy_path_writes_key_0600_cert_chain_and_ca_then_runs_the_workload_with_its_exit_code()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload(new() { ["MODE"] = "exit", ["EXIT_CODE"] = "7", ["GREETING"] = "hello" });

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(7, await run.WaitAsync());

        var keyPath = workload.InRoot("/run/ccm/key.pem");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/cert.pem")));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("app.example", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(File.ReadAllText(workload.InRoot("/run/ccm/chain.pem")));
        Assert.Equal([certificate.Thumbprint, agent.ZoneRoot.Thumbprint], chain.Select(c => c.Thumbprint));
        using var zoneRoot = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/zone-root.pem")));
        Assert.Equal(agent.ZoneRoot.Thumbprint, zoneRoot.Thumbprint);

        // The REPORT the agent saw states the identity established from the manifest and SIGSTRUCT.
        var report = Assert.Single(agent.Reports);
        Assert.Equal(workload.MrEnclave, report.MrEnclave.ToArray());
        Assert.Equal(TestWorkload.MrSigner, report.MrSigner.ToArray());
        Assert.Equal((ushort)7, report.IsvProdId);
        Assert.Equal((ushort)3, report.IsvSvn);

        // The workload ran from the root with the manifest's args, env and the agent URL, and could read its key.
        Assert.Equal("first\nsecond arg\n", File.ReadAllText(workload.Out("args")));
        var env = File.ReadAllLines(workload.Out("env"));
        Assert.Contains("GREETING=hello", env);
        Assert.Contains($"NODE_AGENT_BASE_URL={agent.BaseUrl}", env);
        Assert.True(File.Exists(workload.Out("key-readable")));

        using var timings = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(workload.WorkDirectory, "timings.json")));
        Assert.True(timings.RootElement.GetProperty("startToCertificateOnDiskMs").GetDouble() > 0);
        Assert.Equal(1, timings.RootElement.GetProperty("trustedFileCount").GetInt32());
        Assert.Contains("timings: certificate on disk", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_ca_entry_gives_the_workload_a_bundle_ending_with_the_zone_root_and_the_trust_variables()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload(
            new() { ["MODE"] = "exit", ["EXIT_CODE"] = "0", ["NODE_EXTRA_CA_CERTS"] = "/kept/as/the/manifest/says" },
            manifest => manifest with { CaCertificates = [new CaCertificateSpec { CaPath = "/run/ccm/zone-root.pem", System = true }] });

        using var first = workload.Start(agent.BaseUrl);
        Assert.Equal(0, await first.WaitAsync());
        using var second = workload.Start(agent.BaseUrl); // the bundle is the runtime's own output, not an untrusted file
        Assert.Equal(0, await second.WaitAsync());

        var bundlePath = workload.InRoot("/run/ccm/zone-root.pem.bundle.pem");
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(File.ReadAllText(bundlePath));
        Assert.Equal(agent.ZoneRoot.Thumbprint, bundle[^1].Thumbprint);
        var env = File.ReadAllLines(workload.Out("env"));
        Assert.Contains($"SSL_CERT_FILE={bundlePath}", env);
        Assert.Contains($"CURL_CA_BUNDLE={bundlePath}", env);
        Assert.Contains("NODE_EXTRA_CA_CERTS=/kept/as/the/manifest/says", env);
    }

    [Fact]
    public async Task A_second_start_replaces_the_files_it_wrote_and_polls_a_task_in_progress()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        agent.Mode = IssueMode.InProgressThenSuccess;
        using var workload = new TestWorkload();
        using (var first = workload.Start(agent.BaseUrl))
        {
            Assert.Equal(0, await first.WaitAsync());
        }

        using var second = workload.Start(agent.BaseUrl);
        Assert.True(0 == await second.WaitAsync(), second.Stderr);
        Assert.Equal(2, agent.Issued.Count);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/cert.pem")));
        Assert.Equal(agent.Issued.Last().Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public async Task Extra_arguments_pass_only_when_the_manifest_allows_them()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using (var allowed = new TestWorkload(customize: m => m with { AllowCmdlineArgs = true }))
        {
            using var run = allowed.Start(agent.BaseUrl, "--", "extra");
            Assert.Equal(0, await run.WaitAsync());
            Assert.Equal("first\nsecond arg\nextra\n", File.ReadAllText(allowed.Out("args")));
        }

        using var refused = new TestWorkload();
        using var refusedRun = refused.Start(agent.BaseUrl, "--", "extra");
        Assert.Equal(RuntimeExitCodes.Usage, await refusedRun.WaitAsync());
        Assert.Contains("allowCmdlineArgs", refusedRun.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workload_killed_by_a_signal_gives_128_plus_the_signal()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload(new() { ["MODE"] = "selfkill" });
        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(128 + 9, await run.WaitAsync());
    }

    [Fact]
    public async Task A_changed_trusted_file_stops_the_start()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload();
        File.AppendAllText(workload.InRoot("/usr/bin/app"), "echo tampered\n");

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.TrustedFileMismatch, await run.WaitAsync());
        Assert.Contains("TrustedFileChanged", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("usr/bin/app", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workload.Out("args")));
        Assert.Empty(agent.Reports);
    }

    [Fact]
    public async Task A_missing_trusted_file_or_an_unlisted_file_stops_the_start()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload();
        File.WriteAllText(workload.InRoot("/usr/bin/intruder"), "#!/bin/sh\n");

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.TrustedFileMismatch, await run.WaitAsync());
        Assert.Contains("UntrustedFilePresent", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_sigstruct_stops_the_start()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload();
        var sigstruct = File.ReadAllBytes(workload.SigstructPath);
        sigstruct[960] ^= 0x01; // ENCLAVEHASH, covered by the signature
        File.WriteAllBytes(workload.SigstructPath, sigstruct);

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.IdentityRefused, await run.WaitAsync());
        Assert.Contains("enclave identity refused (SigstructInvalid)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(agent.Reports);
    }

    [Fact]
    public async Task A_sigstruct_for_another_mrenclave_stops_the_start()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload();
        // Signed for an earlier manifest: the manifest changed after signing (here: its env), so mrenclave differs.
        var signed = File.ReadAllBytes(workload.ManifestPath);
        workload.WriteManifestAndSign(workload.Manifest with { Env = new Dictionary<string, string> { ["MODE"] = "exit", ["EXTRA"] = "1" } }, signed);

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.IdentityRefused, await run.WaitAsync());
        Assert.Contains("EnclaveHashMismatch", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(agent.Reports);
    }

    [Fact]
    public async Task A_missing_sigstruct_stops_the_start()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload();
        File.Delete(workload.SigstructPath);
        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.IdentityRefused, await run.WaitAsync());
    }

    [Fact]
    public async Task Denied_shows_the_managers_reason_and_starts_nothing()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        agent.Mode = IssueMode.Denied;
        using var workload = new TestWorkload();

        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(RuntimeExitCodes.CertificateRefused, await run.WaitAsync());
        Assert.Contains("certificate for app.example refused (DENIED): BuildNotAllowlisted: The build is not allowlisted for this app.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("MrEnclaveNotApproved", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workload.Out("args")));
        Assert.False(File.Exists(workload.InRoot("/run/ccm/key.pem")));
    }

    [Fact]
    public async Task An_unreachable_agent_stops_the_start_with_its_own_code()
    {
        using var workload = new TestWorkload();
        using var run = workload.Start("http://127.0.0.1:9/v1");
        Assert.Equal(RuntimeExitCodes.AgentUnavailable, await run.WaitAsync());
        Assert.Contains("cannot be reached", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_is_forwarded_to_the_workload_and_its_exit_code_returned()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        using var workload = new TestWorkload(new() { ["MODE"] = "wait-term" });
        using var run = workload.Start(agent.BaseUrl);
        await WaitForAsync(() => File.Exists(workload.Out("ready")), run);

        Assert.Equal(0, Kill(run.Process.Id, 10)); // SIGUSR1: forwarded too, and the runtime stays up
        await WaitForAsync(() => File.Exists(workload.Out("usr1")), run);
        Assert.Equal(0, Kill(run.Process.Id, 15));
        Assert.Equal(42, await run.WaitAsync());
        Assert.Equal("term\n", File.ReadAllText(workload.Out("term")));
        var stopped = agent.Heartbeats.Last();
        Assert.Equal(HeartbeatStatuses.Stopped, stopped.Payload.Status);
        Assert.Equal(42, stopped.Payload.ExitCode);
    }

    [Fact]
    public async Task Heartbeats_arrive_signed_in_sequence_survive_agent_errors_and_end_with_stopped()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        agent.FailNextHeartbeats(1); // the first one meets a transient error; the workload must not notice
        using var workload = new TestWorkload(new() { ["MODE"] = "sleep", ["SLEEP"] = "3.5" });
        using var run = workload.Start(agent.BaseUrl);
        Assert.Equal(0, await run.WaitAsync());

        var received = agent.Heartbeats.ToArray();
        Assert.True(received.Length >= 3, run.Stderr);
        Assert.All(received, h => Assert.True(h.SignatureValid));
        Assert.Single(received.Select(h => h.Payload.InstanceId).Distinct());
        var sequences = received.Select(h => h.Payload.Sequence).ToArray();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(2, sequences[0]); // sequence 1 was refused by the agent; the next tick sent 2
        Assert.All(received[..^1], h => Assert.Equal(HeartbeatStatuses.Running, h.Payload.Status));
        Assert.All(received, h => Assert.Equal(1, h.Payload.IntervalSeconds));
        var stopped = received[^1];
        Assert.Equal(HeartbeatStatuses.Stopped, stopped.Payload.Status);
        Assert.Equal(0, stopped.Payload.ExitCode);
        using var certificate = X509Certificate2.CreateFromPem(stopped.CertificatePem);
        Assert.Equal(agent.Issued.Single().Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public async Task A_certificate_near_expiry_is_renewed_rewritten_and_the_reload_signal_sent()
    {
        await using var agent = await FakeNodeAgent.StartAsync(SimulatedDirectory.Path);
        agent.CertificateLifetime = TimeSpan.FromSeconds(6); // renewal window: a third, so renewed about 4 s after issue
        using var workload = new TestWorkload(new() { ["MODE"] = "reload" }, m => m with
        {
            Certificates = [m.Certificates[0] with { ReloadSignal = "SIGHUP" }],
        });
        using var run = workload.Start(agent.BaseUrl);
        await WaitForAsync(() => File.Exists(workload.Out("hup")), run, TimeSpan.FromSeconds(15));
        File.WriteAllText(workload.Out("stop"), "1");
        Assert.Equal(0, await run.WaitAsync());

        Assert.True(agent.Issued.Count >= 2);
        using var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/cert.pem")));
        Assert.NotEqual(agent.Issued.First().Thumbprint, onDisk.Thumbprint);
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(workload.InRoot("/run/ccm/key.pem")));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), onDisk.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains("renewed the certificate for app.example", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, RuntimeRun run, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || run.Process.HasExited)
            {
                throw new TimeoutException("condition not met; runtime stderr:\n" + run.Stderr);
            }

            await Task.Delay(50);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
