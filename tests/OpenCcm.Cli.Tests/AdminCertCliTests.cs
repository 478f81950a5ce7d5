using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// <c>ccm cert list|show|revoke</c> against a real manager on a loopback port, the CLI in-process. Issuing a certificate
/// needs an mTLS node (covered by the manager's CertificateIssuanceTests); here: the empty list, the filters reaching the
/// manager, and the refusals (unknown ids, a READER revoking, a bad reason, no session).
/// </summary>
[Collection(SerialEnvironment.Name)]
public sealed class AdminCertCliTests : InProcessManagerTest
{
    [Fact]
    public async Task AnEmptyAccount_ListsNoCertificates_AndJsonIsTheApisAnswer()
    {
        LogIn();
        var accountId = SelectNewAccount("certs-empty");

        var list = Json("cert", "list", "--json");
        var table = Table("cert", "list");

        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(0, list.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Contains("certificate_id", table, StringComparison.Ordinal);
        Assert.Contains("serial", table, StringComparison.Ordinal);
        Assert.Contains("0 shown of 0", table, StringComparison.Ordinal);

        using var http = await AdminHttpAsync(accountId);
        var direct = await http.GetFromJsonAsync<JsonElement>("/v1/certificates");
        Assert.True(JsonElement.DeepEquals(direct, list), $"CLI {list} differs from API {direct}");
    }

    [Fact]
    public void TheFilters_ReachTheManager()
    {
        LogIn();
        SelectNewAccount("certs-filters");

        var filtered = Json("cert", "list", "--node", Guid.NewGuid().ToString(), "--app", Guid.NewGuid().ToString(), "--status", "REVOKED", "--json");
        var (code, output, error) = Ccm.Run("cert", "list", "--status", "NOT-A-STATUS");

        Assert.Equal(0, filtered.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Equal(2, code);
        Assert.Contains("ValidationFailed", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(2, Ccm.Run("cert", "list", "--node", "not-a-uuid").ExitCode);
    }

    [Fact]
    public void UnknownIds_AnswerNotFound_AndABadReasonIsRefused()
    {
        LogIn();
        SelectNewAccount("certs-ids");
        var unknown = Guid.NewGuid().ToString();

        foreach (var args in new[] { new[] { "cert", "show", unknown }, ["cert", "revoke", unknown], ["cert", "revoke", unknown, "--reason", "keyCompromise"] })
        {
            var (code, output, error) = Ccm.Run(args);
            Assert.Equal(2, code);
            Assert.Contains("404 NotFound", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }

        var (badCode, _, badError) = Ccm.Run("cert", "revoke", unknown, "--reason", "because");
        Assert.Equal(2, badCode);
        Assert.Contains("ValidationFailed", badError, StringComparison.Ordinal);
        Assert.Equal(2, Ccm.Run("cert", "show", "not-a-uuid").ExitCode);
    }

    [Fact]
    public async Task AReader_CannotRevoke()
    {
        LogIn();
        var accountId = SelectNewAccount("certs-readers");
        const string readerEmail = "reader@example.com";
        const string readerPassword = "a long reader password";
        using (var anonymous = new HttpClient { BaseAddress = new Uri(Url) })
        {
            (await anonymous.PostAsJsonAsync("/v1/users", new { user_email = readerEmail, user_password = readerPassword })).EnsureSuccessStatusCode();
        }

        using (var admin = await AdminHttpAsync(accountId: null))
        {
            (await admin.PostAsJsonAsync($"/v1/accounts/{accountId}/members", new { user_email = readerEmail, role = "READER" })).EnsureSuccessStatusCode();
        }

        Environment.SetEnvironmentVariable("CCM_PASSWORD", readerPassword);
        Assert.Equal(0, Ccm.Run("login", "--manager", Url, "--email", readerEmail).ExitCode);
        Json("account", "select", accountId, "--json");

        var (code, output, error) = Ccm.Run("cert", "revoke", Guid.NewGuid().ToString());

        Assert.Equal(2, code);
        Assert.Contains("403 Forbidden", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, Json("cert", "list", "--json").GetProperty("metadata").GetProperty("total_count").GetInt32()); // a reader may still read
    }

    [Fact]
    public void WithoutASession_EveryCertCommandSaysHowToLogIn()
    {
        var id = Guid.NewGuid().ToString();
        foreach (var args in new[] { new[] { "cert", "list" }, ["cert", "show", id], ["cert", "revoke", id] })
        {
            var (code, output, error) = Ccm.Run(args);

            Assert.Equal(2, code);
            Assert.Contains("ccm login", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }
    }

    private void LogIn()
    {
        var (code, output, error) = Ccm.Run("login", "--manager", Url, "--email", Email);
        Assert.True(code == 0, output + error);
    }

    private static string SelectNewAccount(string name)
    {
        var accountId = Json("account", "create", name, "--json").GetProperty("acct_id").GetString()!;
        Json("account", "select", accountId, "--json");
        return accountId;
    }

    /// <summary>The administrator's own HTTP session, with <paramref name="accountId"/> selected when given.</summary>
    private async Task<HttpClient> AdminHttpAsync(string? accountId)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        using var login = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        login.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Email}:{Password}")));
        using var session = await http.SendAsync(login);
        session.EnsureSuccessStatusCode();
        var bearer = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        if (accountId is not null)
        {
            using var selected = await http.PostAsync($"/v1/accounts/select_account/{accountId}", content: null);
            selected.EnsureSuccessStatusCode();
        }

        return http;
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = Ccm.Run(args);
        Assert.True(code == 0, $"ccm {string.Join(' ', args)} exited {code}: {output}{error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string Table(params string[] args)
    {
        var (code, output, error) = Ccm.Run(args);
        Assert.True(code == 0, $"ccm {string.Join(' ', args)} exited {code}: {output}{error}");
        return output;
    }
}
