using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.Tests;

/// <summary>A real manager, the agent on a real loopback port, and workloads using NodeAgentClient as the runtime does.</summary>
public sealed class AgentFlowTests(ManagerWithZone manager) : IClassFixture<ManagerWithZone>
{
    [Fact]
    public async Task Enrolls_once_and_a_restart_with_the_same_data_directory_keeps_the_identity()
    {
        var data = manager.NewDataDirectory();
        Guid first;
        await using (var agent = await NodeAgent.StartAsync(manager.AgentOptions(data)))
        {
            Assert.Equal(1, agent.Enrollments);
            first = agent.NodeId!.Value;
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "node-key.pem")));
        }

        await using var restarted = await NodeAgent.StartAsync(manager.AgentOptions(data));
        Assert.Equal(0, restarted.Enrollments);
        Assert.Equal(first, restarted.NodeId);
        using var client = new NodeAgentClient(restarted.BaseUrl);
        var version = await client.GetVersionAsync();
        Assert.Equal(first, version.NodeId);
        Assert.Equal("simulated-sgx", version.Platform);
        Assert.Equal("1", version.ApiVersion);
    }

    [Fact]
    public async Task An_approved_workload_gets_a_certificate_for_its_domain_chaining_to_the_zone_root()
    {
        var data = manager.NewDataDirectory();
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(data));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);

        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);

        Assert.Equal(TaskStatuses.Success, task.TaskStatus);
        using var certificate = X509Certificate2.CreateFromPem(task.Certificate);
        Assert.Equal(workload.Key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains(ManagerWithZone.Domain, certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        var zoneChain = new X509Certificate2Collection();
        zoneChain.ImportFromPemFile(Path.Combine(data, "zone-chain.pem"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(zoneChain.Where(c => c.SubjectName.Name == c.IssuerName.Name).ToArray());
        var caChain = new X509Certificate2Collection();
        caChain.ImportFromPem(task.CaChain);
        chain.ChainPolicy.ExtraStore.AddRange(caChain);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var again = await client.GetResultAsync(task.TaskId);
        Assert.Equal(task, again);
    }

    [Fact]
    public async Task An_unapproved_build_is_denied_with_the_managers_reason()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Unapproved, client);

        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);

        Assert.Equal(TaskStatuses.Denied, task.TaskStatus);
        Assert.Null(task.Certificate);
        Assert.Equal("CertificateRefused", task.Reason!.Code);
        Assert.Contains(task.Reason.Refusals, r => r.Code == "BuildNotAllowlisted");
        Assert.Equal(TaskStatuses.Denied, (await client.GetResultAsync(task.TaskId)).TaskStatus);
    }

    [Fact]
    public async Task A_report_with_a_wrong_mac_or_for_another_target_is_refused_by_the_agent_without_calling_the_manager()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);
        var certificatesBefore = await CountCertificatesAsync();

        var (report, csr) = await workload.PrepareAsync(ManagerWithZone.Domain);
        var forged = (byte[])report.Clone();
        forged[^1] ^= 1; // the MAC
        var refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.AttestAsync(forged, csr));
        Assert.Equal((AgentErrorCodes.ReportMacInvalid, 403), (refused.Code, refused.Status));

        var alteredBody = (byte[])report.Clone();
        alteredBody[64] ^= 1; // MRENCLAVE, under the MAC
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.AttestAsync(alteredBody, csr));
        Assert.Equal(AgentErrorCodes.ReportMacInvalid, refused.Code);

        // A REPORT made for another enclave (the Quoting Enclave) does not verify with the agent's report key.
        var elsewhere = manager.Platform.CreateReport(manager.Platform.QeTargetInfo, manager.Workload, ReportDataBinding.For(workload.Key.ExportSubjectPublicKeyInfo()));
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.AttestAsync(elsewhere, csr));
        Assert.Equal(AgentErrorCodes.ReportMacInvalid, refused.Code);

        // A REPORT binding another key than the CSR's.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var target = await client.GetTargetInfoAsync();
        var unbound = manager.Platform.CreateReport(target, manager.Workload, ReportDataBinding.For(other.ExportSubjectPublicKeyInfo()));
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.AttestAsync(unbound, csr));
        Assert.Equal(AgentErrorCodes.ReportDataMismatch, refused.Code);

        // CSR #2 with an attestation certificate this agent did not sign.
        using var forgedCertificate = new CertificateRequest(workload.Report!.Body is { } body
            ? AttestationCsr.SubjectFor(ManagerWithZone.Domain, body) : throw new InvalidOperationException(), workload.Key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var csr2 = AttestationCsr.CreateEmbeddedFqpe(workload.Key, ManagerWithZone.Domain, [ManagerWithZone.Domain], workload.Report.Body,
            forgedCertificate.RawData, forgedCertificate.RawData);
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.IssueAsync(AttestationCsr.ToPem(csr2)));
        Assert.Equal(AgentErrorCodes.AttestationCertificateInvalid, refused.Code);

        // CSR #2 without the attribute.
        refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.IssueAsync(csr));
        Assert.Equal(AgentErrorCodes.CsrAttestationMissing, refused.Code);

        Assert.Equal(certificatesBefore, await CountCertificatesAsync());
    }

    [Fact]
    public async Task A_deactivated_node_is_refused()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var client = new NodeAgentClient(agent.BaseUrl);
        using var workload = new SimulatedWorkload(manager.Platform, manager.Workload, client);
        await manager.PostAsync($"v1/nodes/{agent.NodeId}/deactivate", null);

        var task = await workload.GetCertificateAsync(ManagerWithZone.Domain);
        Assert.Equal(TaskStatuses.Failed, task.TaskStatus);
        Assert.Equal("NodeNotActive", task.Reason!.Code);

        var (report, csr) = await workload.PrepareAsync(ManagerWithZone.Domain);
        var refused = await Assert.ThrowsAsync<NodeAgentException>(() => client.AttestAsync(report, csr));
        Assert.Equal((AgentErrorCodes.NodeNotActive, 403), (refused.Code, refused.Status));
        Assert.True(agent.Deactivated);
    }

    [Fact]
    public async Task A_revoked_node_certificate_makes_the_agent_enroll_again_at_restart()
    {
        var data = manager.NewDataDirectory();
        Guid first;
        await using (var agent = await NodeAgent.StartAsync(manager.AgentOptions(data)))
        {
            first = agent.NodeId!.Value;
        }

        var certificates = await manager.GetAsync($"v1/certificates?node_id={first}");
        var id = certificates.GetProperty("items")[0].GetProperty("certificate_id").GetString();
        await manager.PostAsync($"v1/certificates/{id}/revoke", new { reason = "keyCompromise" });

        await using var restarted = await NodeAgent.StartAsync(manager.AgentOptions(data));
        Assert.Equal(1, restarted.Enrollments);
        Assert.NotEqual(first, restarted.NodeId);
    }

    [Fact]
    public async Task The_local_api_is_also_served_on_a_unix_socket()
    {
        var data = manager.NewDataDirectory();
        var socket = Path.Combine(Path.GetTempPath(), $"ccm-agent-{Guid.NewGuid():N}.sock");
        var options = manager.AgentOptions(data);
        await using var agent = await NodeAgent.StartAsync(new AgentOptions
        {
            ManagerUrl = options.ManagerUrl, JoinToken = options.JoinToken, ManagerCaFile = options.ManagerCaFile, DataDirectory = data,
            SimulatedDirectory = options.SimulatedDirectory, Listen = options.Listen, UnixSocket = socket, MinimumLogLevel = options.MinimumLogLevel,
        });
        using var client = NodeAgentClient.ForUnixSocket(socket);
        Assert.Equal(agent.NodeId, (await client.GetVersionAsync()).NodeId);
        Assert.Equal(512, (await client.GetTargetInfoAsync()).Raw.Length);
    }

    [Fact]
    public async Task Unknown_paths_and_malformed_bodies_get_problems_with_stable_codes()
    {
        await using var agent = await NodeAgent.StartAsync(manager.AgentOptions(manager.NewDataDirectory()));
        using var http = new HttpClient();
        using var notFound = await http.GetAsync(new Uri(agent.BaseUrl + "/nope"));
        Assert.Equal(404, (int)notFound.StatusCode);
        Assert.Contains("\"code\":\"NotFound\"", await notFound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var malformed = await http.PostAsync(new Uri(agent.BaseUrl + "/enclave/attest"), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)malformed.StatusCode);
        Assert.Contains("\"code\":\"MalformedJson\"", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var client = new NodeAgentClient(agent.BaseUrl);
        var missing = await Assert.ThrowsAsync<NodeAgentException>(() => client.GetResultAsync(Guid.NewGuid()));
        Assert.Equal((AgentErrorCodes.TaskNotFound, 404), (missing.Code, missing.Status));
    }

    private async Task<int> CountCertificatesAsync() =>
        (await manager.GetAsync("v1/certificates?limit=1000")).GetProperty("items").GetArrayLength();
}
