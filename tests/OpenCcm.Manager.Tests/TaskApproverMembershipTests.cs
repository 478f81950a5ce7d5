using System.Net;
using System.Net.Http.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>Approvers are account members: <c>POST /v1/accounts/{id}/members</c> by the account's MANAGER, listed to members.</summary>
public class TaskApproverMembershipTests(RunningManager manager) : IClassFixture<RunningManager>
{
    [Fact]
    public async Task AManager_AddsExistingUsers_WithARole()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var email = $"joiner-{Guid.NewGuid():N}@example.com";
        using var joiner = await manager.LogInAsync(email, AllowlistAccount.Password, signUp: true);

        using var added = await owner.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = email.ToUpperInvariant(), role = "WRITER" });
        using var twice = await owner.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = email, role = "READER" });
        var members = await owner.GetAsync($"/v1/accounts/{owner.AccountId}/members");
        using var select = await joiner.PostAsync($"/v1/accounts/select_account/{owner.AccountId}", null);
        using var joinerCreates = await joiner.PostAsJsonAsync("/v1/apps", new { name = "joiner-app" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("WRITER", (await added.ReadJsonAsync()).GetProperty("role").GetString());
        Assert.Equal("Conflict", await twice.CodeAsync());
        Assert.Equal([owner.Email, email], members.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("user_email").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, select.StatusCode);
        Assert.Equal(HttpStatusCode.Created, joinerCreates.StatusCode);
    }

    [Fact]
    public async Task OnlyTheAccountsManager_AddsMembers_AndBadRequestsAreRefused()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var writer = await owner.AddMemberAsync("WRITER");
        using var stranger = await AllowlistAccount.CreateAsync(manager, "stranger");
        var target = $"target-{Guid.NewGuid():N}@example.com";
        (await manager.LogInAsync(target, AllowlistAccount.Password, signUp: true)).Dispose();

        using var byWriter = await writer.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = target, role = "READER" });
        using var byStranger = await stranger.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = target, role = "READER" });
        using var strangerLists = await stranger.Client.GetAsync($"/v1/accounts/{owner.AccountId}/members");
        using var badRole = await owner.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = target, role = "OWNER" });
        using var noEmail = await owner.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { role = "READER" });
        using var nobody = await owner.Client.PostAsJsonAsync($"/v1/accounts/{owner.AccountId}/members", new { user_email = "nobody@example.com", role = "READER" });

        Assert.Equal("Forbidden", await byWriter.CodeAsync());
        Assert.Equal("NotFound", await byStranger.CodeAsync());
        Assert.Equal("NotFound", await strangerLists.CodeAsync());
        Assert.Equal("ValidationFailed", await badRole.CodeAsync());
        Assert.Equal("ValidationFailed", await noEmail.CodeAsync());
        Assert.Equal("NotFound", await nobody.CodeAsync());
        Assert.Equal(2, (await owner.GetAsync($"/v1/accounts/{owner.AccountId}/members")).GetProperty("items").GetArrayLength());
    }
}
