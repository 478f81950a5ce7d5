using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OpenCcm.Console.Tests;

/// <summary>
/// The console in headless Chromium against a real manager: what a person clicks, checked again through the API.
/// Skipped (with the reason) where Chromium is not installed.
/// </summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output)
{
    private const string Password = "a long enough password";

    [SkippableFact]
    public async Task AWrongPassword_ShowsTheErrorCode_AndTheTokenStaysInSessionStorageOnly()
    {
        var console = await fixture.OpenConsoleAsync();

        await console.LogInAsync(ConsoleFixture.AdminEmail, "not the password");

        await Expect(console.Error).ToBeVisibleAsync();
        await Expect(console.Error).ToHaveAttributeAsync("data-code", "Unauthorized");
        await Expect(console.Error).ToContainTextAsync("Unauthorized");
        await Expect(console.Error).ToContainTextAsync("wrong password");
        Assert.Null(await console.Page.EvaluateAsync<string?>("sessionStorage.getItem('ccm.token')"));

        await console.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);

        await Expect(console.Page.Locator("#accounts-view")).ToBeVisibleAsync();
        await Expect(console.Error).ToBeHiddenAsync();
        await Expect(console.Page.Locator("#user-email")).ToContainTextAsync(ConsoleFixture.AdminEmail);
        Assert.StartsWith("ccms", await console.Page.EvaluateAsync<string>("sessionStorage.getItem('ccm.token')"), StringComparison.Ordinal);
        Assert.Equal(0, await console.Page.EvaluateAsync<int>("localStorage.length"));
        Assert.Equal(string.Empty, await console.Page.EvaluateAsync<string>("document.cookie"));
        Assert.Empty(console.CspViolations);
    }

    [SkippableFact]
    public async Task TheSession_SurvivesAReload_AndARevokedOneReturnsToTheLoginForm()
    {
        fixture.SkipWithoutBrowser();
        var account = $"session-{Guid.NewGuid():N}"[..20];
        using (var admin = await fixture.Api.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword))
        {
            await ManagerApi.NewAccountAsync(admin, account);
        }

        var console = await fixture.OpenConsoleAsync();
        await console.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        await console.SelectAccountAsync(account);
        await console.OpenTabAsync("Tasks");

        await console.Page.ReloadAsync();
        await Expect(console.Page.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync("Tasks");
        await Expect(console.Page.Locator("#account-picker option:checked")).ToHaveTextAsync(account);

        // Log the browser's session out behind its back: its next call answers 401 and the console asks to log in again.
        var token = await console.Page.EvaluateAsync<string>("sessionStorage.getItem('ccm.token')");
        using (var stolen = new HttpClient { BaseAddress = fixture.BaseAddress })
        {
            stolen.DefaultRequestHeaders.Authorization = new("Bearer", token);
            (await stolen.PostAsync("/v1/sys/logout", null)).EnsureSuccessStatusCode();
        }

        await console.TabContent.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(console.Page.Locator("#login-view")).ToBeVisibleAsync();
        await Expect(console.Error).ToHaveAttributeAsync("data-code", "Unauthorized");
        Assert.Null(await console.Page.EvaluateAsync<string?>("sessionStorage.getItem('ccm.token')"));
    }

    [SkippableFact]
    public async Task AnAdministrator_CreatesAnAccountAndAnApp_AndApprovesItsDomainInTheConsole()
    {
        var account = $"console-{Guid.NewGuid():N}"[..20];
        var console = await fixture.OpenConsoleAsync();
        await console.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        await console.CreateAccountAsync(account);
        await Expect(console.Notice).ToContainTextAsync($"Account {account} created");

        await console.OpenTabAsync("Apps");
        var form = console.Page.Locator("#app-form");
        await form.GetByLabel("Name").FillAsync("web");
        await form.GetByLabel("Domains (comma separated)").FillAsync("API.Console.Example.com");
        await form.GetByLabel("Labels (key=value, …)").FillAsync("env=test");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create app" }).ClickAsync();
        await Expect(console.Notice).ToContainTextAsync("wait for approval");
        await Expect(console.Row("web")).ToContainTextAsync("api.console.example.com"); // pending, normalized by the manager

        await console.OpenTabAsync("Tasks");
        var task = console.Row("DOMAIN_WHITELIST");
        await Expect(task).ToContainTextAsync("INPROGRESS");
        await task.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(console.Notice).ToContainTextAsync("Task approved: it is now SUCCESS");
        await Expect(task).ToContainTextAsync("SUCCESS");
        await Expect(task.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        using var admin = await fixture.Api.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        await ManagerApi.SelectAsync(admin, await ManagerApi.AccountIdAsync(admin, account));
        var tasks = await ManagerApi.ListAsync(admin, "/v1/tasks?task_type=DOMAIN_WHITELIST");
        var decided = Assert.Single(tasks);
        Assert.Equal("SUCCESS", decided.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal("APPROVED", decided.GetProperty("approvals")[0].GetProperty("status").GetString());
        var app = Assert.Single(await ManagerApi.ListAsync(admin, "/v1/apps"));
        Assert.Equal(["api.console.example.com"], app.GetProperty("whitelisted_domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("test", app.GetProperty("labels").GetProperty("env").GetString());

        await console.OpenTabAsync("Apps");
        await Expect(console.Row("web")).ToContainTextAsync("api.console.example.com");
        await Expect(console.Row("web")).ToContainTextAsync("env=test");

        await console.OpenTabAsync("Audit");
        await Expect(console.Row("app.create")).ToBeVisibleAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Expect(console.Page.Locator("#audit-verdict")).ToContainTextAsync("Chain intact.");
        Assert.Empty(console.CspViolations);
    }

    [SkippableFact]
    public async Task AReader_SeesNoApproveButtons_AndAForbiddenCallShowsItsCode()
    {
        fixture.SkipWithoutBrowser();
        var account = $"readers-{Guid.NewGuid():N}"[..20];
        var reader = $"reader-{Guid.NewGuid():N}@example.com";
        await fixture.Api.SignUpAsync(reader, Password);
        using var admin = await fixture.Api.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        var (accountId, _) = await ManagerApi.NewAccountAsync(admin, account);
        (await admin.PostAsJsonAsync($"/v1/accounts/{accountId}/members", new { user_email = reader, role = "READER" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/v1/apps", new { name = "shop", allowed_domains = new[] { "shop.example.com" } })).EnsureSuccessStatusCode();

        var console = await fixture.OpenConsoleAsync();
        await console.LogInAsync(reader, Password);
        await console.SelectAccountAsync(account);
        await Expect(console.Page.Locator("#role")).ToHaveTextAsync("READER");

        await console.OpenTabAsync("Tasks");
        await Expect(console.Row("DOMAIN_WHITELIST")).ToContainTextAsync("INPROGRESS");
        await Expect(console.TabContent.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Expect(console.TabContent.GetByRole(AriaRole.Button, new() { Name = "Deny" })).ToHaveCountAsync(0);
        await console.OpenTabAsync("Apps");
        await Expect(console.Page.Locator("#app-form")).ToHaveCountAsync(0);
        await console.OpenTabAsync("Nodes");
        await Expect(console.TabContent.GetByRole(AriaRole.Button, new() { Name = "Deactivate" })).ToHaveCountAsync(0);

        // Verifying the whole chain is for system administrators: the manager's 403 and its code are shown.
        await console.OpenTabAsync("Audit");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Expect(console.Error).ToHaveAttributeAsync("data-code", "Forbidden");
        await Expect(console.Error).ToContainTextAsync("Forbidden");
        await Expect(console.Error).ToContainTextAsync("system administrator");

        // The approval was never possible: the task is still open.
        var open = Assert.Single(await ManagerApi.ListAsync(admin, "/v1/tasks"));
        Assert.Equal("INPROGRESS", open.GetProperty("status").GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task ASimulatedNode_IsMarkedSimulated_AndCanBeDeactivatedAfterConfirming()
    {
        fixture.SkipWithoutBrowser();
        var account = $"nodes-{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.Api.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        var (_, zoneId) = await ManagerApi.NewAccountAsync(admin, account);
        var nodeId = await fixture.Api.EnrollSimulatedNodeAsync(admin, zoneId, "sgx-node-1", fixture.SimulatedDirectory);
        await fixture.Api.EnrollSimulatedNodeAsync(admin, zoneId, "sgx-node-2", fixture.SimulatedDirectory);

        var console = await fixture.OpenConsoleAsync();
        await console.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);
        await console.SelectAccountAsync(account);
        await console.OpenTabAsync("Nodes");
        var node = console.Row("sgx-node-1");
        await Expect(node.Locator(".badge.simulated")).ToHaveTextAsync("simulated");
        await Expect(node).ToContainTextAsync("RUNNING");
        await Expect(node).ToContainTextAsync("SGX");
        await Expect(node).ToContainTextAsync("UpToDate");
        output.WriteLine("nodes page: " + await console.ScreenshotAsync("nodes"));

        await console.OpenTabAsync("Certificates");
        await Expect(console.TabContent.Locator("tbody tr .badge.simulated")).ToHaveCountAsync(2);

        await console.OpenTabAsync("Nodes");
        var dismissed = 0;
        void Dismiss(object? sender, IDialog dialog)
        {
            dismissed++;
            _ = dialog.DismissAsync();
        }

        console.Page.Dialog += Dismiss;
        await node.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(node).ToContainTextAsync("RUNNING"); // cancelled: nothing changed
        console.Page.Dialog -= Dismiss;
        console.Page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await node.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(console.Notice).ToContainTextAsync("Node sgx-node-1 deactivated");
        await Expect(node).ToContainTextAsync("DEACTIVATED");

        Assert.Equal(1, dismissed);
        var state = await admin.GetFromJsonAsync<JsonElement>($"/v1/nodes/{nodeId}");
        Assert.Equal("DEACTIVATED", state.GetProperty("status").GetProperty("status").GetString());
        var certificates = await ManagerApi.ListAsync(admin, $"/v1/certificates?node_id={nodeId}");
        Assert.All(certificates, c => Assert.Equal("REVOKED", c.GetProperty("status").GetString()));

        // The Instances tab appears exactly where the manager answers GET /v1/instances (heartbeat monitoring).
        using var instances = await admin.GetAsync("/v1/instances");
        var tab = console.Page.Locator(".tabs a[data-tab=instances]");
        if (instances.IsSuccessStatusCode)
        {
            await Expect(tab).ToBeVisibleAsync();
        }
        else
        {
            await Expect(tab).ToBeHiddenAsync();
        }

        Assert.Empty(console.CspViolations);
    }
}
