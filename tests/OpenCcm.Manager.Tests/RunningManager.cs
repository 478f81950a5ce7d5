using Microsoft.AspNetCore.Builder;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Tests;

/// <summary>A manager listening on a real loopback socket (a free port), for the tests of one class.</summary>
public sealed class RunningManager : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ccm-manager-{Guid.NewGuid():N}");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions { DataDirectory = DataDirectory, MaxRequestBodyBytes = 64 * 1024 };
        options.Listen.Add("http://127.0.0.1:0");
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
