using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCcm.Agent.Tests;

/// <summary>A stand-in for the manager's POST /v1/heartbeats on a real loopback socket: fails the first N requests with 503, then records what it accepts.</summary>
internal sealed class FakeHeartbeatEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private FakeHeartbeatEndpoint(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Url { get; private set; } = null!;

    public List<string> Received { get; } = [];

    public int Requests { get; private set; }

    public static async Task<FakeHeartbeatEndpoint> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeHeartbeatEndpoint(app, failures);
        app.MapPost("/v1/heartbeats", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            lock (fake.Received)
            {
                fake.Requests++;
                if (fake._failuresLeft > 0)
                {
                    fake._failuresLeft--;
                    return Results.Problem(statusCode: 503, title: "down");
                }

                foreach (var heartbeat in body.RootElement.GetProperty("heartbeats").EnumerateArray())
                {
                    fake.Received.Add(heartbeat.GetProperty("payload").GetString()!);
                }

                return Results.Json(new { accepted = body.RootElement.GetProperty("heartbeats").GetArrayLength(), ignored = 0 });
            }
        });
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.First());
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
