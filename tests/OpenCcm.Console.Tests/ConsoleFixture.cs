using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;

namespace OpenCcm.Console.Tests;

/// <summary>
/// A real manager on a loopback port (SQLite in a temp dir, simulated TEEs allowed) and Debian's Chromium driven by
/// Playwright (DESIGN.md §5: Playwright's own browser download cannot work here). Without Chromium the browser tests
/// are skipped with the reason; the manager still runs for the tests that need no browser.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery staple";

    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CCM_CHROMIUM") ?? "/usr/bin/chromium";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-console-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public string SimulatedDirectory => Path.Combine(_directory, "simulated");

    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? BrowserUnavailable { get; private set; }

    public ManagerApi Api => new(BaseAddress);

    public async Task InitializeAsync()
    {
        var options = new ManagerOptions
        {
            DataDirectory = Path.Combine(_directory, "manager"), MaxRequestBodyBytes = 64 * 1024, PasswordHashIterations = 1_000,
            AllowSimulated = true, SimulatedDirectory = SimulatedDirectory, AdminEmail = AdminEmail, AdminPassword = AdminPassword,
        };
        options.Listen.Add("http://127.0.0.1:0");
        _app = ManagerHost.Build(options);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        await StartBrowserAsync();
    }

    public void SkipWithoutBrowser() => Skip.If(BrowserUnavailable is not null, BrowserUnavailable);

    /// <summary>A fresh browser context (its own sessionStorage) with one page on the console.</summary>
    public async Task<ConsolePage> OpenConsoleAsync()
    {
        SkipWithoutBrowser();
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(page);
        await page.GotoAsync("/");
        return console;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            BrowserUnavailable = $"Chromium is not installed at {ChromiumPath}: run scripts/browser-tools.sh (or set CCM_CHROMIUM).";
            return;
        }

        try
        {
            Assertions.SetDefaultExpectTimeout(15_000);
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                // Without the background-networking flags Chromium keeps dialing Google on this closed network.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
            });
        }
        catch (PlaywrightException e)
        {
            BrowserUnavailable = $"Chromium at {ChromiumPath} did not start under Playwright: {e.Message}";
        }
    }
}
