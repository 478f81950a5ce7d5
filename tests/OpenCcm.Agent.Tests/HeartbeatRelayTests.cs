using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCcm.Agent.Heartbeats;
using OpenCcm.Agent.Manager;

namespace OpenCcm.Agent.Tests;

/// <summary>The relay against a fake manager endpoint on a real socket: retries with backoff, never drops, keeps the order.</summary>
public sealed class HeartbeatRelayTests
{
    private static AgentOptions Options(int capacity, int batch) => new()
    {
        ManagerUrl = new Uri("https://unused.invalid"), JoinToken = "unused", DataDirectory = "unused", HeartbeatBufferCapacity = capacity,
        HeartbeatBatchSize = batch, RelayInitialBackoff = TimeSpan.FromMilliseconds(10), RelayMaxBackoff = TimeSpan.FromMilliseconds(80),
    };

    [Fact]
    public async Task Buffered_heartbeats_survive_a_manager_that_fails_several_times_then_arrive_all_in_order()
    {
        await using var fake = await FakeHeartbeatEndpoint.StartAsync(failures: 5);
        using var http = new HttpClient { BaseAddress = fake.Url };
        var options = Options(capacity: 1_000, batch: 40);
        var buffer = new HeartbeatBuffer(options.HeartbeatBufferCapacity);
        var relay = new HeartbeatRelay(options, buffer, (batch, cancellationToken) => PostAsync(http, batch, cancellationToken), NullLogger.Instance);
        for (var i = 1; i <= 250; i++)
        {
            Assert.True(buffer.TryAdd(new RelayedHeartbeat($"p{i}", "s", "01")));
        }

        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (buffer.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // Heartbeats added while the relay runs go after the others.
        Assert.True(buffer.TryAdd(new RelayedHeartbeat("p251", "s", "01")));
        while (buffer.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await running;
        Assert.Equal(Enumerable.Range(1, 251).Select(i => $"p{i}"), fake.Received);
        Assert.Equal(5, relay.Failures);
        Assert.Equal(251, relay.Delivered);
        Assert.Equal(0, relay.Dropped);
    }

    [Fact]
    public async Task Nothing_leaves_the_buffer_while_the_manager_is_unreachable_and_a_full_buffer_refuses_more()
    {
        var options = Options(capacity: 3, batch: 10);
        var buffer = new HeartbeatBuffer(options.HeartbeatBufferCapacity);
        var attempts = 0;
        // Stops after the fourth attempt (a safety deadline bounds a relay that stopped retrying): counting attempts in a
        // fixed window instead made the test depend on how busy the machine was.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var relay = new HeartbeatRelay(options, buffer, (_, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 4)
            {
                stop.CancelAfter(TimeSpan.FromMilliseconds(1)); // lands in the next backoff delay: a clean stop
            }

            throw new HttpRequestException("connection refused");
        }, NullLogger.Instance);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(buffer.TryAdd(new RelayedHeartbeat($"p{i}", "s", "01")));
        }

        Assert.False(buffer.TryAdd(new RelayedHeartbeat("overflow", "s", "01")));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await relay.RunAsync(stop.Token);
        Assert.Equal(3, buffer.Count);
        Assert.Equal(4, attempts); // it kept retrying...
        // ...with backoff between the attempts (10 + 20 + 40 ms at least), not in a hot loop.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(70), $"4 attempts in {clock.Elapsed.TotalMilliseconds} ms");
    }

    private static async Task<ManagerAnswer> PostAsync(HttpClient http, HeartbeatBatch batch, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("v1/heartbeats", batch, RelayJson.Default.HeartbeatBatch, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ManagerAnswer((int)response.StatusCode, body, response.IsSuccessStatusCode ? null : ManagerProblem.Read((int)response.StatusCode, body));
    }
}
