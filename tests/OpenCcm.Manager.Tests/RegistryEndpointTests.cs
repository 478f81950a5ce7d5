using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace OpenCcm.Manager.Tests;

public sealed class RegistryEndpointTests(RunningManager manager) : IClassFixture<RunningManager>
{
    private const string Secret = "s3cret-registry-password-0123456789";

    [Fact]
    public async Task ARegistry_IsCreatedReadChangedAndDeleted_WithItsPasswordNeverReturned_AndEveryChangeAudited()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var created = await owner.Client.PostAsJsonAsync("/v1/registry", new
        {
            url = "https://Registry.Example.com:5000/v2/", description = "team registry", credential = new { @default = new { username = "robot", password = Secret } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, createdText, StringComparison.Ordinal);
        var registry = await created.ReadJsonAsync();
        var id = registry.GetProperty("registry_id").GetGuid();
        Assert.Equal("https://Registry.Example.com:5000/v2/", registry.GetProperty("url").GetString());
        Assert.Equal("registry.example.com:5000", registry.GetProperty("host").GetString());
        Assert.Equal("robot", registry.GetProperty("username").GetString());
        Assert.Equal("team registry", registry.GetProperty("description").GetString());
        Assert.True(registry.GetProperty("has_credential").GetBoolean());
        Assert.False(registry.TryGetProperty("password", out _));
        Assert.False(registry.TryGetProperty("credential", out _));

        var list = await owner.GetAsync("/v1/registry");
        Assert.Equal(1, list.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("registry_id").GetGuid());
        Assert.Equal("robot", (await owner.GetAsync($"/v1/registry/{id}")).GetProperty("username").GetString());

        using var patched = await owner.Client.PatchAsJsonAsync($"/v1/registry/{id}", new
        {
            description = "renamed", credential = new { @default = new { username = "robot2", password = Secret + "-2" } },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = await patched.ReadJsonAsync();
        Assert.Equal("robot2", updated.GetProperty("username").GetString());
        Assert.Equal("renamed", updated.GetProperty("description").GetString());
        Assert.Equal("registry.example.com:5000", updated.GetProperty("host").GetString());

        using var anonymous = await owner.Client.PatchAsJsonAsync($"/v1/registry/{id}", new { credential = new { } });
        Assert.False((await anonymous.ReadJsonAsync()).GetProperty("has_credential").GetBoolean());

        using var deleted = await owner.Client.DeleteAsync($"/v1/registry/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await owner.Client.GetAsync($"/v1/registry/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var audit = await owner.AuditAsync();
        Assert.Equal(["registry.create", "registry.update", "registry.update", "registry.delete"],
            audit.Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("registry.", StringComparison.Ordinal)));
        Assert.DoesNotContain(audit, e => e.GetRawText().Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePassword_IsSealed_NotStoredInPlainText()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        var password = "plain-text-canary-" + Guid.NewGuid().ToString("N");
        using var created = await owner.Client.PostAsJsonAsync("/v1/registry", new
        {
            url = "sealed.example.com", credential = new { @default = new { username = "robot", password } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var canary = Encoding.UTF8.GetBytes(password);
        foreach (var file in Directory.EnumerateFiles(manager.DataDirectory, "ccm.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(canary) < 0, $"{Path.GetFileName(file)} holds the password in plain text");
        }
    }

    [Fact]
    public async Task Readers_ReadButDoNotChange_AndOtherAccountsRegistriesAreNotFound()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var created = await owner.Client.PostAsJsonAsync("/v1/registry", new { url = "roles.example.com" });
        var id = (await created.ReadJsonAsync()).GetProperty("registry_id").GetGuid();
        using var reader = await owner.AddMemberAsync("READER");

        using (var list = await reader.GetAsync("/v1/registry"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var refused = await reader.PostAsJsonAsync("/v1/registry", new { url = "other.example.com" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Forbidden", await refused.CodeAsync());
        }

        using (var refused = await reader.PatchAsJsonAsync($"/v1/registry/{id}", new { description = "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var refused = await reader.DeleteAsync($"/v1/registry/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var stranger = await AllowlistAccount.CreateAsync(manager, "stranger");
        foreach (var response in new[]
        {
            await stranger.Client.GetAsync($"/v1/registry/{id}"),
            await stranger.Client.PatchAsJsonAsync($"/v1/registry/{id}", new { description = "mine" }),
            await stranger.Client.DeleteAsync($"/v1/registry/{id}"),
        })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("NotFound", await response.CodeAsync());
            }
        }

        Assert.Equal(0, (await stranger.GetAsync("/v1/registry")).GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.False((await owner.GetAsync($"/v1/registry/{id}")).TryGetProperty("description", out _)); // unchanged by the refused calls

        using var noAccount = await manager.LogInAsync($"lonely-{Guid.NewGuid():N}@example.com", AllowlistAccount.Password, signUp: true);
        using var unselected = await noAccount.GetAsync("/v1/registry");
        Assert.Equal(HttpStatusCode.Forbidden, unselected.StatusCode);
        Assert.Equal("NoAccountSelected", await unselected.CodeAsync());
    }

    public static TheoryData<string> BadBodies => new()
    {
        """{}""",
        """{"url": ""}""",
        """{"url": "ftp://registry.example.com"}""",
        """{"url": "nodots"}""",
        """{"url": "UPPER CASE.example.com"}""",
        """{"url": "ok.example.com", "credential": {"default": {"username": "a:b", "password": "p"}}}""",
        """{"url": "ok.example.com", "credential": {"default": {"username": "", "password": "p"}}}""",
        """{"url": "ok.example.com", "credential": {"default": {"username": "u", "password": ""}}}""",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task InvalidRegistries_AreRefused_AndCreateNothing(string body)
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var response = await owner.Client.PostAsync("/v1/registry", HttpAssertions.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await response.CodeAsync());
        Assert.Equal(0, (await owner.GetAsync("/v1/registry")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task MalformedJson_AndADuplicateHost_AreRefused()
    {
        using var owner = await AllowlistAccount.CreateAsync(manager);
        using var malformed = await owner.Client.PostAsync("/v1/registry", HttpAssertions.RawJson("{\"url\": "));
        Assert.Equal("MalformedJson", await malformed.CodeAsync());

        using var first = await owner.Client.PostAsJsonAsync("/v1/registry", new { url = "dup.example.com" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await owner.Client.PostAsJsonAsync("/v1/registry", new { url = "https://DUP.example.com/" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Conflict", await second.CodeAsync());
        Assert.Equal(1, (await owner.GetAsync("/v1/registry")).GetProperty("metadata").GetProperty("total_count").GetInt32());
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
