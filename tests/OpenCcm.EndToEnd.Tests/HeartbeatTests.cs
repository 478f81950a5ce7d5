using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCcm.Agent;
using OpenCcm.Agent.Tests;
using OpenCcm.Runtime.Tests;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>
/// Instances as the manager tracks them from the runtime's signed heartbeats (1 s interval) relayed by a real agent: one
/// whose runtime is killed with SIGKILL (no "stopped" heartbeat) turns UNRESPONSIVE after 3 missed intervals (the manager's
/// sweep runs every 200 ms here, its minimum silence is 2 s), one whose workload exits cleanly turns STOPPED with its code.
/// (A manager restart losing no buffered heartbeat: tests/OpenCcm.Agent.Tests/HeartbeatRelayToManagerTests.cs.)
/// </summary>
public sealed partial class HeartbeatTests : IAsyncLifetime
{
    private readonly ManagerWithZone _manager = new(options =>
    {
        options.InstanceSweepInterval = TimeSpan.FromMilliseconds(200);
        options.InstanceUnresponsiveMinimum = TimeSpan.FromSeconds(2);
    });

    public Task InitializeAsync() => _manager.InitializeAsync();

    public Task DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public async Task Instances_turn_running_then_unresponsive_after_sigkill_and_stopped_after_a_clean_exit()
    {
        static TestWorkload Waiting() => new(new() { ["MODE"] = "wait-term" }, m => m with
        {
            Certificates = [m.Certificates[0] with { Subject = ManagerWithZone.Domain, AltNames = ["DNS:" + ManagerWithZone.Domain] }],
        });
        using var killed = Waiting();
        using var stopped = Waiting();
        Assert.Equal(killed.MrEnclave, stopped.MrEnclave); // one build, two instances
        await ApproveBuildAsync(killed);
        await using var agent = await NodeAgent.StartAsync(_manager.AgentOptions(_manager.NewDataDirectory()));

        using var killedRun = killed.StartOn(_manager.SimulatedDirectory, agent.BaseUrl.AbsoluteUri);
        using var stoppedRun = stopped.StartOn(_manager.SimulatedDirectory, agent.BaseUrl.AbsoluteUri);
        var killedInstance = await InstanceOfAsync(killedRun);
        var stoppedInstance = await InstanceOfAsync(stoppedRun);
        var running = await WaitForStatusAsync(killedInstance, "RUNNING", i => i.GetProperty("message_count").GetInt64() >= 2);
        await WaitForStatusAsync(stoppedInstance, "RUNNING");

        killedRun.Process.Kill(entireProcessTree: true); // SIGKILL: the runtime sends nothing more
        Signals.Terminate(stoppedRun.Process.Id);       // forwarded: the workload traps it and exits 42
        Assert.Equal(42, await stoppedRun.WaitAsync());

        var stop = await WaitForStatusAsync(stoppedInstance, "STOPPED");
        Assert.Equal(42, stop.GetProperty("exit_code").GetInt32());
        var silent = await WaitForStatusAsync(killedInstance, "UNRESPONSIVE");
        Assert.True(silent.GetProperty("last_sequence").GetInt64() >= running.GetProperty("last_sequence").GetInt64());
        Assert.Equal(agent.NodeId.ToString(), silent.GetProperty("node_id").GetString());

        // And the list filter sees each in its state.
        var unresponsive = await _manager.GetAsync("v1/instances?status=UNRESPONSIVE");
        Assert.Contains(unresponsive.GetProperty("items").EnumerateArray(), i => i.GetProperty("instance_id").GetString() == killedInstance);
    }

    private static async Task<string> InstanceOfAsync(RuntimeRun run)
    {
        await Tools.WaitForAsync(() => InstanceLine().IsMatch(run.Stderr) || run.Process.HasExited, TimeSpan.FromSeconds(60), () => run.Stderr);
        Assert.False(run.Process.HasExited, run.Stderr);
        return InstanceLine().Match(run.Stderr).Groups[1].Value;
    }

    private async Task<JsonElement> WaitForStatusAsync(string instance, string status, Func<JsonElement, bool>? also = null)
    {
        JsonElement found = default;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _manager.Admin.GetAsync($"v1/instances/{instance}");
            if (response.IsSuccessStatusCode)
            {
                found = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (found.GetProperty("status").GetString() == status && (also is null || also(found)))
                {
                    return found;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"instance {instance} did not turn {status}: {found}");
        return found;
    }

    private async Task ApproveBuildAsync(TestWorkload workload)
    {
        var app = (await _manager.GetAsync("v1/apps")).GetProperty("items")[0].GetProperty("app_id").GetString();
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
