using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCcm.Container.Tests;

/// <summary>
/// Issue 6, "Run the converted image as a real container": a base image holding a dynamically linked program
/// (openssl s_server) is converted with <c>ccm convert</c>, run with podman and runc (DESIGN.md §5) beside a real node
/// agent and manager; the workload attests, gets its zone certificate and serves TLS that curl and openssl verify
/// against the zone root alone. The image from a changed base measures differently and, unapproved, gets nothing.
/// </summary>
public sealed partial class ConvertedImageContainerTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Approved_image_attests_gets_its_certificate_and_serves_tls_in_a_podman_container()
    {
        ContainerTools.SkipUnlessAvailable();
        await using var scenario = await ContainerScenario.StartAsync();
        var conversion = await scenario.ConvertAsync("a");
        await scenario.Manager.ApproveBuildAsync(conversion);

        using var container = scenario.RunContainer(conversion, out var name);
        await WaitForTlsAsync(scenario, container);

        // curl trusts only the zone root and checks the name: the chain the workload serves is the zone's.
        var curl = await CurlAsync(scenario, "--cacert", scenario.ZoneRootFile);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.Contains("s_server -www", curl.Output, StringComparison.Ordinal);
        var untrusted = await CurlAsync(scenario); // the system's roots do not know the zone
        Assert.NotEqual(0, untrusted.ExitCode);

        var sClient = await ChildProcess.RunAsync("openssl", [
            "s_client", "-connect", $"127.0.0.1:{scenario.TlsPort}", "-servername", ContainerScenario.Domain,
            "-verify_hostname", ContainerScenario.Domain, "-verify_return_error", "-CAfile", scenario.ZoneRootFile, "-brief"]);
        Assert.True(sClient.ExitCode == 0, sClient.ToString());
        Assert.Contains("Verification: OK", sClient.Error, StringComparison.Ordinal);
        Assert.Contains($"CN = {ContainerScenario.Domain}", sClient.Error, StringComparison.Ordinal);

        // The runtime's heartbeats (every second) make the instance RUNNING; podman stop ends it STOPPED.
        var instance = InstanceLine().Match(container.Error + container.Output).Groups[1].Value;
        Assert.True(instance.Length > 0, container.Error);
        var running = await WaitForInstanceAsync(scenario, instance, "RUNNING");
        Assert.Equal(scenario.Manager.AppId, running.GetProperty("app_id").GetString());

        var stop = await ContainerTools.PodmanAsync("stop", "-t", "20", name);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(128 + 15, await container.WaitForExitAsync(TimeSpan.FromSeconds(30))); // SIGTERM forwarded to s_server
        var stopped = await WaitForInstanceAsync(scenario, instance, "STOPPED");
        Assert.Equal(128 + 15, stopped.GetProperty("exit_code").GetInt32());
    }

    [SkippableFact]
    public async Task Image_from_a_changed_base_measures_differently_and_unapproved_gets_no_certificate()
    {
        ContainerTools.SkipUnlessAvailable();
        await using var scenario = await ContainerScenario.StartAsync();
        var approved = await scenario.ConvertAsync("a");
        await scenario.Manager.ApproveBuildAsync(approved);
        var changed = await scenario.ConvertAsync("b");

        Assert.NotEqual(approved.GetProperty("mrenclave").GetString(), changed.GetProperty("mrenclave").GetString());
        Assert.Equal(approved.GetProperty("mrsigner").GetString(), changed.GetProperty("mrsigner").GetString());

        using var container = scenario.RunContainer(changed, out _);
        var code = await container.WaitForExitAsync(StartTimeout);

        Assert.True(code == 67, $"exit {code} (67 = certificate refused)\n{container.Output}\n{container.Error}"); // RuntimeExitCodes.CertificateRefused
        var refusal = container.Error;
        Assert.True(refusal.Contains($"certificate for {ContainerScenario.Domain} refused (DENIED)", StringComparison.Ordinal), refusal);
        Assert.True(refusal.Contains("  - BuildNotAllowlisted: ", StringComparison.Ordinal), refusal); // the manager's refused rule
        Assert.True(refusal.Contains($"enclave identity: mrenclave {changed.GetProperty("mrenclave").GetString()}", StringComparison.Ordinal), refusal);
        var curl = await CurlAsync(scenario, "--cacert", scenario.ZoneRootFile);
        Assert.Equal(7, curl.ExitCode); // CURLE_COULDNT_CONNECT: no TLS server came up
    }

    /// <summary>Waits until s_server accepts TLS connections; fails with the container's output if it exits first.</summary>
    private static async Task WaitForTlsAsync(ContainerScenario scenario, ChildProcess container)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(container.HasExited, $"the container exited before serving TLS:\n{container.Output}\n{container.Error}");
            if ((await CurlAsync(scenario, "--insecure")).ExitCode == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"no TLS server on port {scenario.TlsPort} within {StartTimeout}:\n{container.Output}\n{container.Error}");
    }

    private static Task<ProcessResult> CurlAsync(ContainerScenario scenario, params string[] options) =>
        ChildProcess.RunAsync("curl", [
            "--silent", "--show-error", "--max-time", "10", "--resolve", $"{ContainerScenario.Domain}:{scenario.TlsPort}:127.0.0.1", .. options,
            $"https://{ContainerScenario.Domain}:{scenario.TlsPort}/"]);

    private static async Task<JsonElement> WaitForInstanceAsync(ContainerScenario scenario, string instance, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement found = default;
        while (DateTime.UtcNow < deadline)
        {
            var list = await scenario.Manager.GetAsync($"v1/instances?status={status}");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("instance_id").GetString() == instance)
                {
                    return item;
                }

                found = item;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"instance {instance} not {status} in GET /v1/instances within 30 s (last seen: {found})");
        return default;
    }

    [GeneratedRegex("as instance ([0-9a-f-]{36})")]
    private static partial Regex InstanceLine();
}
