using System.Net;
using System.Text.RegularExpressions;

namespace OpenCcm.Console.Tests;

/// <summary>How the manager serves the console: where, with which security headers, and that nothing runs inline.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed partial class ConsoleServingTests(ConsoleFixture fixture)
{
    private static readonly string[] Files = ["", "index.html", "console.js", "console.css", "favicon.svg"];

    [Fact]
    public async Task TheRoot_RedirectsToTheConsole()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.BaseAddress };

        using var root = await client.GetAsync("/");
        using var bare = await client.GetAsync("/console");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/console/", root.Headers.Location?.OriginalString);
        Assert.Equal("/console/", bare.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task EveryFile_CarriesTheStrictSecurityHeaders()
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        foreach (var file in Files)
        {
            using var response = await client.GetAsync("/console/" + file);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-", policy, StringComparison.Ordinal);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task ThePage_HasNoInlineScriptOrStyle_AndOneModuleFromTheManager()
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        var html = await client.GetStringAsync("/console/");

        var scripts = ScriptTag().Matches(html);
        var script = Assert.Single(scripts);
        Assert.Matches("""type="module" src="console\.js"\s*>\s*</script>""", script.Value);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html); // no inline event handlers
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html); // nothing from another origin (no CDN)
    }

    [Fact]
    public async Task Files_AreRevalidated_WithTheirETag_AndUnknownOnesAreNotFound()
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var first = await client.GetAsync("/console/console.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/console.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var unchanged = await client.SendAsync(again);
        using var missing = await client.GetAsync("/console/../ccm.db");
        using var other = await client.GetAsync("/console/secrets.json");

        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("\"code\":\"NotFound\"", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiAnswers_AreNeverCached()
    {
        using var admin = await fixture.Api.LogInAsync(ConsoleFixture.AdminEmail, ConsoleFixture.AdminPassword);

        using var user = await admin.GetAsync("/v1/user");
        using var refused = await admin.GetAsync("/v1/nodes");

        Assert.True(user.Headers.CacheControl?.NoStore);
        Assert.True(refused.Headers.CacheControl?.NoStore); // a problem answer too (403 NoAccountSelected)
    }

    [GeneratedRegex("<script\\b[^>]*>.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
