using System.Net;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>What answers without authentication, and how errors look (RFC 7807 with a stable code).</summary>
public class SysEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task Version_AnswersWithoutAuthentication_InSnakeCase()
    {
        using var response = await manager.Client.GetAsync("/v1/sys/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("version").GetString()));
        Assert.Equal("v1", json.RootElement.GetProperty("api_version").GetString());
    }

    [Fact]
    public async Task UnknownRoute_IsAProblem_WithACode()
    {
        using var response = await manager.Client.GetAsync("/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NotFound", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WrongMethod_IsAProblem_WithACode()
    {
        using var response = await manager.Client.DeleteAsync("/v1/sys/version");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MethodNotAllowed", json.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheVersionEndpoint()
    {
        using var response = await manager.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/v1/sys/version", out _));
    }

    [Fact]
    public async Task HealthAndMetrics_Answer()
    {
        using var health = await manager.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await manager.Client.GetAsync("/v1/sys/version");
        var metrics = await manager.Client.GetStringAsync("/metrics");
        Assert.Contains("http_requests_received_total", metrics, StringComparison.Ordinal);
    }
}
