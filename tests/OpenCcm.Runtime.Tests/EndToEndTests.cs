using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCcm.Agent;
using OpenCcm.Agent.Tests;

namespace OpenCcm.Runtime.Tests;

/// <summary>
/// The published runtime against a real node agent enrolled with a real manager (both in this process, on loopback
/// sockets): the manager allowlists the workload's build by the mrenclave/mrsigner `ccm enclave measure` computes, the
/// runtime gets its certificate from the zone CA, and its heartbeats make the instance RUNNING then STOPPED.
/// </summary>
public sealed partial class EndToEndTests : IAsyncLifetime
{
    private readonly ManagerWithZone _manager = new();

    public Task InitializeAsync() => _manager.InitializeAsync();

    public Task DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public async Task Approved_build_gets_a_zone_certificate_and_its_instance_is_tracked_until_stopped()
    {
        using var workload = new TestWorkload(new() { ["MODE"] = "sleep", ["SLEEP"] = "2.5" }, m => m with
        {
            Certificates = [m.Certificates[0] with { Subject = ManagerWithZone.Domain, AltNames = ["DNS:" + ManagerWithZone.Domain] }],
        });
        await ApproveBuildAsync(workload);
        await using var agent = await NodeAgent.StartAsync(_manager.AgentOptions(_manager.NewDataDirectory()));

        using var run = workload.StartOn(_manager.SimulatedDirectory, agent.BaseUrl.AbsoluteUri);
        Assert.True(await run.WaitAsync() == 0, run.Stderr);

        // The certificate chains to the zone root the runtime installed at caPath, and nothing else is trusted.
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/cert.pem")));
        using var zoneRoot = X509Certificate2.CreateFromPem(File.ReadAllText(workload.InRoot("/run/ccm/zone-root.pem")));
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPem(File.ReadAllText(workload.InRoot("/run/ccm/chain.pem")));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(zoneRoot);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var instance = InstanceLine().Match(run.Stderr).Groups[1].Value;
        Assert.NotEmpty(instance);
        JsonElement found = default;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _manager.Admin.GetAsync($"v1/instances/{instance}");
            if (response.IsSuccessStatusCode)
            {
                found = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (found.GetProperty("status").GetString() == "STOPPED")
                {
                    break;
                }
            }

            await Task.Delay(100);
        }

        Assert.Equal("STOPPED", found.GetProperty("status").GetString());
        Assert.True(found.GetProperty("message_count").GetInt64() >= 3);
        Assert.Equal(agent.NodeId.ToString(), found.GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task Unapproved_build_is_refused_with_the_managers_reason()
    {
        using var workload = new TestWorkload(customize: m => m with
        {
            Certificates = [m.Certificates[0] with { Subject = ManagerWithZone.Domain, AltNames = ["DNS:" + ManagerWithZone.Domain] }],
        });
        await using var agent = await NodeAgent.StartAsync(_manager.AgentOptions(_manager.NewDataDirectory()));

        using var run = workload.StartOn(_manager.SimulatedDirectory, agent.BaseUrl.AbsoluteUri);
        Assert.Equal(RuntimeExitCodes.CertificateRefused, await run.WaitAsync());
        Assert.Contains($"certificate for {ManagerWithZone.Domain} refused (DENIED)", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workload.Out("args")));
    }

    private async Task ApproveBuildAsync(TestWorkload workload)
    {
        var apps = await _manager.GetAsync("v1/apps");
        var app = apps.GetProperty("items")[0].GetProperty("app_id").GetString();
        var build = await _manager.PostAsync("v1/builds", new
        {
            app_id = app, mrenclave = Convert.ToHexStringLower(workload.MrEnclave), mrsigner = Convert.ToHexStringLower(TestWorkload.MrSigner),
            isvprodid = (int)workload.Manifest.IsvProdId, isvsvn = (int)workload.Manifest.IsvSvn,
        });
        using var response = await _manager.Admin.PatchAsJsonAsync($"v1/tasks/{build.GetProperty("pending_task_id").GetString()}", new { status = "APPROVED" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("as instance ([0-9a-f-]{36})")]
    private static partial Regex InstanceLine();
}
