using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCcm.Console.Tests;

/// <summary>The console in one browser page, driven the way a person would: forms, links and buttons.</summary>
public sealed class ConsolePage(IPage page)
{
    private readonly List<string> _messages = Subscribe(page);

    public IPage Page => page;

    /// <summary>The browser's console messages that report a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];
            }
        }
    }

    public ILocator Error => page.Locator("#error");

    public ILocator Notice => page.Locator("#notice");

    public ILocator TabContent => page.Locator("#tab-content");

    public async Task LogInAsync(string email, string password)
    {
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    public async Task CreateAccountAsync(string name)
    {
        await Expect(page.Locator("#accounts-view")).ToBeVisibleAsync();
        await page.Locator("#account-form input[name=name]").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("#account-view")).ToBeVisibleAsync();
    }

    public async Task SelectAccountAsync(string name)
    {
        await page.Locator($"#accounts-list button[data-account='{name}']").ClickAsync();
        await Expect(page.Locator("#account-view")).ToBeVisibleAsync();
    }

    /// <summary>Opens a tab by its link and waits until its data has loaded.</summary>
    public async Task OpenTabAsync(string label)
    {
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
        await Expect(page.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync(label);
        await Expect(TabContent).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(TabContent.Locator("h2")).ToBeVisibleAsync();
    }

    /// <summary>The table row of the open tab that contains <paramref name="text"/>.</summary>
    public ILocator Row(string text) => TabContent.Locator("tbody tr").Filter(new() { HasText = text });

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private static List<string> Subscribe(IPage page)
    {
        var messages = new List<string>();
        page.Console += (_, message) =>
        {
            lock (messages)
            {
                messages.Add($"{message.Type}: {message.Text}");
            }
        };
        return messages;
    }
}
