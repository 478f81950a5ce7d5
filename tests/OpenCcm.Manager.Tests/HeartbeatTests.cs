using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Manager.Heartbeats;
using static OpenCcm.Manager.Tests.HeartbeatRig;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// Workload heartbeats relayed by node agents over REAL HTTPS with node mTLS (<c>POST /v1/heartbeats</c>), and the
/// instances they make (<c>GET /v1/instances</c>): counts and sequences, duplicates, stop, the unresponsive sweep and
/// recovery, every per-item refusal with its code, malformed bodies, account scoping, and durability across a restart.
/// </summary>
public sealed class HeartbeatTests : IAsyncLifetime
{
    private HeartbeatRig _rig = null!;
    private string _nodeId = "";
    private X509Certificate2 _node = null!;
    private string _certificateId = "";
    private string _serial = "";

    public async Task InitializeAsync()
    {
        _rig = await StartAsync();
        (_nodeId, _node) = await _rig.EnrollAsync("node-1");
        (_certificateId, _serial) = await _rig.IssueAsync(_node);
    }

    public async Task DisposeAsync()
    {
        _node.Dispose();
        await _rig.DisposeAsync();
    }

    [Fact]
    public async Task RunningHeartbeats_MakeARunningInstance_WithItsCountSequenceAndOrigin_AuditedOnceCreated()
    {
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);

        var first = await PostAsync(node, Heartbeat(_serial, instance, 1), Heartbeat(_serial, instance, 2));
        var second = await PostAsync(node, Heartbeat(_serial, instance, 3));
        var shown = await _rig.InstanceAsync(instance);
        var listed = await _rig.Admin.GetFromJsonAsync<JsonElement>($"/v1/instances?app_id={_rig.AppId}&node_id={_nodeId}&status=RUNNING");

        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.GetProperty("ignored").GetInt32());
        Assert.Empty(first.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, second.GetProperty("accepted").GetInt32());
        Assert.Equal("RUNNING", shown.GetProperty("status").GetString());
        Assert.Equal(3, shown.GetProperty("message_count").GetInt64());
        Assert.Equal(3, shown.GetProperty("last_sequence").GetInt64());
        Assert.Equal(_nodeId, shown.GetProperty("node_id").GetString());
        Assert.Equal(_rig.AppId, shown.GetProperty("app_id").GetString());
        Assert.Equal(_certificateId, shown.GetProperty("certificate_id").GetString());
        Assert.Equal(_rig.AccountId, shown.GetProperty("acct_id").GetString());
        Assert.True(shown.TryGetProperty("build_id", out _));
        Assert.Equal(60, shown.GetProperty("interval_seconds").GetInt32());
        Assert.InRange(shown.GetProperty("last_seen").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(instance.ToString(), item.GetProperty("instance_id").GetString());
        Assert.Equal(1, listed.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(["instance.create"], await _rig.AuditActionsAsync(instance)); // heartbeats themselves are not audited
    }

    [Fact]
    public async Task Duplicates_AtOrBelowTheLastSequence_AreIgnored_NotCounted()
    {
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, instance, 1), Heartbeat(_serial, instance, 2), Heartbeat(_serial, instance, 5));

        var resent = await PostAsync(node, Heartbeat(_serial, instance, 2), Heartbeat(_serial, instance, 5), Heartbeat(_serial, instance, 6), Heartbeat(_serial, instance, 6));
        var shown = await _rig.InstanceAsync(instance);

        Assert.Equal(1, resent.GetProperty("accepted").GetInt32());
        Assert.Equal(3, resent.GetProperty("ignored").GetInt32());
        Assert.Empty(resent.GetProperty("rejected").EnumerateArray());
        Assert.Equal(4, shown.GetProperty("message_count").GetInt64());
        Assert.Equal(6, shown.GetProperty("last_sequence").GetInt64());
    }

    [Fact]
    public async Task AStoppedHeartbeat_StopsTheInstance_WithItsExitCode_OnlyAHigherSequenceRunsItAgain()
    {
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, instance, 1), Heartbeat(_serial, instance, 2, "stopped", exitCode: 3));
        var stopped = await _rig.InstanceAsync(instance);

        var late = await PostAsync(node, Heartbeat(_serial, instance, 1));
        var stillStopped = await _rig.InstanceAsync(instance);
        await PostAsync(node, Heartbeat(_serial, instance, 3));
        var again = await _rig.InstanceAsync(instance);

        Assert.Equal("STOPPED", stopped.GetProperty("status").GetString());
        Assert.Equal(3, stopped.GetProperty("exit_code").GetInt32());
        Assert.Equal(2, stopped.GetProperty("message_count").GetInt64());
        Assert.Equal(1, late.GetProperty("ignored").GetInt32());
        Assert.Equal("STOPPED", stillStopped.GetProperty("status").GetString());
        Assert.Equal("RUNNING", again.GetProperty("status").GetString());
        Assert.False(again.TryGetProperty("exit_code", out _));
        Assert.Equal(["instance.create", "instance.stop", "instance.restart"], await _rig.AuditActionsAsync(instance));
    }

    [Fact]
    public async Task ASilentInstance_TurnsUnresponsive_AfterThreeIntervals_AtTheSweep_AndRunningAtItsNextHeartbeat()
    {
        var silent = Guid.NewGuid();
        var patient = Guid.NewGuid();
        var stopped = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, silent, 1, interval: 1), Heartbeat(_serial, patient, 1, interval: 60),
            Heartbeat(_serial, stopped, 1, "stopped", interval: 1));
        var sweeper = _rig.Services.GetRequiredService<InstanceUnresponsiveness>();

        var tooEarly = await sweeper.SweepAsync(CancellationToken.None);
        var runningBefore = (await _rig.InstanceAsync(silent)).GetProperty("status").GetString();
        await Task.Delay(TimeSpan.FromSeconds(3.3));
        var marked = await sweeper.SweepAsync(CancellationToken.None);
        var unresponsive = await _rig.InstanceAsync(silent);
        var listed = await _rig.Admin.GetFromJsonAsync<JsonElement>("/v1/instances?status=UNRESPONSIVE");
        var back = await PostAsync(node, Heartbeat(_serial, silent, 2, interval: 1));
        var responsive = await _rig.InstanceAsync(silent);

        Assert.Equal(0, tooEarly);
        Assert.Equal("RUNNING", runningBefore);
        Assert.Equal(1, marked);
        Assert.Equal("UNRESPONSIVE", unresponsive.GetProperty("status").GetString());
        Assert.Equal([silent.ToString()], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instance_id").GetString()));
        Assert.Equal("RUNNING", (await _rig.InstanceAsync(patient)).GetProperty("status").GetString());
        Assert.Equal("STOPPED", (await _rig.InstanceAsync(stopped)).GetProperty("status").GetString());
        Assert.Equal(1, back.GetProperty("accepted").GetInt32());
        Assert.Equal("RUNNING", responsive.GetProperty("status").GetString());
        Assert.Equal(2, responsive.GetProperty("message_count").GetInt64());
        Assert.Equal(["instance.create", "instance.unresponsive", "instance.responsive"], await _rig.AuditActionsAsync(silent));
    }

    [Fact]
    public async Task AnInstanceChangedElsewhere_IsReadAfresh_AndItsHeartbeatStillCounts()
    {
        // The writer remembers what it committed; a change by someone else (another manager on the same database) bumps
        // the version, the remembered copy no longer matches, and the group is retried with fresh reads.
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, instance, 1));
        await using (var scope = _rig.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Core.Stores.IInstanceStore>();
            var stored = await store.GetAsync(instance);
            await store.UpdateAsync(stored! with { Status = Core.Models.InstanceStatus.Unresponsive, MessageCount = 10, LastSequence = 4 });
        }

        var stale = await PostAsync(node, Heartbeat(_serial, instance, 3));
        var fresh = await PostAsync(node, Heartbeat(_serial, instance, 5));
        var shown = await _rig.InstanceAsync(instance);

        Assert.Equal(1, stale.GetProperty("ignored").GetInt32()); // 3 ≤ 4, judged against the stored state
        Assert.Equal(1, fresh.GetProperty("accepted").GetInt32());
        Assert.Equal(11, shown.GetProperty("message_count").GetInt64());
        Assert.Equal("RUNNING", shown.GetProperty("status").GetString());
    }

    [Fact]
    public async Task EachRefusedHeartbeat_IsIgnored_WithItsIndexAndCode_WhileTheRestOfTheBatchIsAccepted()
    {
        var (_, other) = await _rig.EnrollAsync("node-2");
        var (_, othersSerial) = await _rig.IssueAsync(other);
        var (revokedId, revokedSerial) = await _rig.IssueAsync(_node);
        (await _rig.Admin.PostAsJsonAsync($"/v1/certificates/{revokedId}/revoke", new { reason = "keyCompromise" })).EnsureSuccessStatusCode();
        var good = Guid.NewGuid();
        var refused = Guid.NewGuid();
        var badStatus = new
        {
            payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"instance_id\":\"{refused}\",\"sequence\":1,\"status\":\"paused\",\"sent_at\":1,\"interval_seconds\":5}}")),
            signature = "AAAA", certificate_serial = _serial,
        };
        using var node = _rig.NodeClient(_node);

        var answer = await PostAsync(node,
            Heartbeat(_serial, good, 1),
            Heartbeat(othersSerial, refused, 1), // another node's workload certificate
            Heartbeat(revokedSerial, refused, 1),
            Heartbeat("0123456789abcdef", refused, 1), // unknown serial
            Heartbeat(_node.SerialNumber, refused, 1), // the node's own certificate is no workload certificate
            new { payload = "not base64!", signature = "AAAA", certificate_serial = _serial },
            badStatus,
            new { payload = Convert.ToBase64String("[1,2]"u8), signature = "AAAA", certificate_serial = _serial },
            new { payload = (string?)null, signature = "AAAA", certificate_serial = _serial },
            Heartbeat("not-hex", refused, 1));

        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(9, answer.GetProperty("ignored").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("code").GetString())).ToArray();
        Assert.Equal(
            [(1, "HeartbeatCertificateUnknown"), (2, "HeartbeatCertificateRevoked"), (3, "HeartbeatCertificateUnknown"), (4, "HeartbeatCertificateUnknown"),
             (5, "HeartbeatMalformed"), (6, "HeartbeatMalformed"), (7, "HeartbeatMalformed"), (8, "HeartbeatMalformed"), (9, "HeartbeatMalformed")],
            rejected);
        using var missing = await _rig.Admin.GetAsync($"/v1/instances/{refused}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("RUNNING", (await _rig.InstanceAsync(good)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnInstanceOfOneNode_CannotBeFedByAnotherNode()
    {
        var (_, other) = await _rig.EnrollAsync("node-2");
        var (_, othersSerial) = await _rig.IssueAsync(other);
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        using var otherNode = _rig.NodeClient(other);
        await PostAsync(node, Heartbeat(_serial, instance, 1));

        var answer = await PostAsync(otherNode, Heartbeat(othersSerial, instance, 2));

        Assert.Equal("HeartbeatInstanceMismatch", answer.GetProperty("rejected")[0].GetProperty("code").GetString());
        Assert.Equal(1, (await _rig.InstanceAsync(instance)).GetProperty("message_count").GetInt64());
        other.Dispose();
    }

    [Fact]
    public async Task AMalformedBody_IsAProblem_AndChangesNothing_AndNodesMustPresentTheirCertificate()
    {
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, instance, 1));
        using var plain = new HttpClient { BaseAddress = new Uri(_rig.HttpUrl) };
        using var anonymous = _rig.Anonymous();

        using var notJson = await node.PostAsync("/v1/heartbeats", new StringContent("{\"heartbeats\": [", Encoding.UTF8, "application/json"));
        using var wrongShape = await node.PostAsync("/v1/heartbeats", new StringContent("{\"heartbeats\": 7}", Encoding.UTF8, "application/json"));
        using var noList = await node.PostAsJsonAsync("/v1/heartbeats", new { beats = Array.Empty<object>() });
        using var tooMany = await node.PostAsJsonAsync("/v1/heartbeats", new { heartbeats = Enumerable.Repeat(new { }, HeartbeatParser.MaxItems + 1) });
        using var overHttp = await plain.PostAsJsonAsync("/v1/heartbeats", new { heartbeats = new[] { Heartbeat(_serial, instance, 2) } });
        using var noCertificate = await anonymous.PostAsJsonAsync("/v1/heartbeats", new { heartbeats = new[] { Heartbeat(_serial, instance, 2) } });
        var empty = await PostAsync(node);

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("MalformedJson", await Code(notJson));
        Assert.Equal("MalformedJson", await Code(wrongShape));
        Assert.Equal("ValidationFailed", await Code(noList));
        Assert.Equal("ValidationFailed", await Code(tooMany));
        Assert.Equal(HttpStatusCode.Unauthorized, overHttp.StatusCode);
        Assert.Equal("NodeCertificateRequired", await Code(overHttp));
        Assert.Equal("NodeCertificateRequired", await Code(noCertificate));
        Assert.Equal(0, empty.GetProperty("accepted").GetInt32());
        var shown = await _rig.InstanceAsync(instance);
        Assert.Equal(1, shown.GetProperty("message_count").GetInt64());
        Assert.Equal(1, shown.GetProperty("last_sequence").GetInt64());
    }

    [Fact]
    public async Task Instances_AreScopedToTheSelectedAccount_ReadableByReaders_AndFiltersAreValidated()
    {
        var instance = Guid.NewGuid();
        using var node = _rig.NodeClient(_node);
        await PostAsync(node, Heartbeat(_serial, instance, 1));
        using var stranger = await _rig.LogInAsync("admin@example.com", "a long admin password");
        using (var created = await stranger.PostAsJsonAsync("/v1/accounts", new { name = "elsewhere" }))
        {
            var other = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acct_id").GetString();
            (await stranger.PostAsync($"/v1/accounts/select_account/{other}", null)).EnsureSuccessStatusCode();
        }

        using var reader = await _rig.MemberAsync("READER");
        using var unselected = await _rig.LogInAsync("admin@example.com", "a long admin password");

        using var foreign = await stranger.GetAsync($"/v1/instances/{instance}");
        var foreignList = await stranger.GetFromJsonAsync<JsonElement>("/v1/instances");
        using var readerGet = await reader.GetAsync($"/v1/instances/{instance}");
        using var noAccount = await unselected.GetAsync("/v1/instances");
        using var badFilter = await _rig.Admin.GetAsync("/v1/instances?status=SLEEPING&node_id=x&limit=0");
        using var unknown = await _rig.Admin.GetAsync($"/v1/instances/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("NotFound", await Code(foreign));
        Assert.Empty(foreignList.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, readerGet.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noAccount.StatusCode);
        Assert.Equal("NoAccountSelected", await Code(noAccount));
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal("ValidationFailed", await Code(badFilter));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AcknowledgedHeartbeats_SurviveAManagerRestart_AndResendsAreDuplicates()
    {
        var instances = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        using (var node = _rig.NodeClient(_node))
        {
            // Concurrent batches share commits (HeartbeatWriter); each is acknowledged only once committed.
            var answers = await Task.WhenAll(instances.Select(i => PostAsync(node, Heartbeat(_serial, i, 1), Heartbeat(_serial, i, 2))));
            Assert.All(answers, a => Assert.Equal(2, a.GetProperty("accepted").GetInt32()));
        }

        await _rig.RestartAsync();
        using var again = _rig.NodeClient(_node);
        var resent = await PostAsync(again, Heartbeat(_serial, instances[0], 2), Heartbeat(_serial, instances[0], 3));

        foreach (var instance in instances.Skip(1))
        {
            var shown = await _rig.InstanceAsync(instance);
            Assert.Equal(2, shown.GetProperty("message_count").GetInt64());
            Assert.Equal("RUNNING", shown.GetProperty("status").GetString());
        }

        Assert.Equal(1, resent.GetProperty("accepted").GetInt32());
        Assert.Equal(1, resent.GetProperty("ignored").GetInt32());
        Assert.Equal(3, (await _rig.InstanceAsync(instances[0])).GetProperty("message_count").GetInt64());
        Assert.True((await _rig.Admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify")).GetProperty("intact").GetBoolean());
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
