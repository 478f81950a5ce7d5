using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Tests;

/// <summary>A manager listening on a real loopback socket (a free port), for the tests of one class.</summary>
public sealed class RunningManager : IAsyncLifetime
{
    private readonly Action<ManagerOptions>? _configure;
    private WebApplication? _app;

    public RunningManager()
    {
    }

    /// <summary>A manager with options of its own (fixtures that wrap this one; xunit uses the public constructor).</summary>
    internal RunningManager(Action<ManagerOptions> configure) => _configure = configure;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-manager-{Guid.NewGuid():N}");

    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery staple";

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client that logged in as <paramref name="email"/> (signing up first when asked).</summary>
    public async Task<HttpClient> LogInAsync(string email, string password, bool signUp = false)
    {
        if (signUp)
        {
            using var created = await Client.PostAsJsonAsync("/v1/users", new { user_email = email, user_password = password });
            created.EnsureSuccessStatusCode();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = DataDirectory, MaxRequestBodyBytes = 64 * 1024, PasswordHashIterations = 1_000,
            AdminEmail = AdminEmail, AdminPassword = AdminPassword,
        };
        options.Listen.Add("http://127.0.0.1:0");
        _configure?.Invoke(options);
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
