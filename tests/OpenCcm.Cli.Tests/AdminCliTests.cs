using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Cli.Tests;

/// <summary>
/// The admin commands (account, zone, app, build, task, node) against a real manager on a loopback port, the CLI
/// in-process: the whole registration flow, then the refusals (no session, a READER deciding, a corrupted SIGSTRUCT).
/// </summary>
[Collection(SerialEnvironment.Name)]
public sealed class AdminCliTests : InProcessManagerTest
{
    private static readonly string SigstructFile = TestData.Path("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin");

    [Fact]
    public void TheRegistrationFlow_ThroughTheCli()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(TestData.Path("sgx-sigstruct", "A_sig1_testkey", "expected.json"))).RootElement;
        var mrenclave = expected.GetProperty("mrenclave").GetString()!;
        var mrsigner = expected.GetProperty("mrsigner_sha256_of_modulus_le").GetString()!;
        LogIn();

        var account = Json("account", "create", "cli-flow", "--description", "made by ccm", "--json");
        var accountId = account.GetProperty("acct_id").GetString()!;
        Assert.Equal("cli-flow", account.GetProperty("name").GetString());
        var selected = Json("account", "select", accountId, "--json");
        Assert.Equal(accountId, selected.GetProperty("acct_id").GetString());
        Assert.Contains("cli-flow", Table("account", "list"), StringComparison.Ordinal);

        var app = Json("app", "create", "web", "--domain", "web.cli-flow.example", "--label", "tier=front", "--json");
        var appId = app.GetProperty("app_id").GetString()!;
        Assert.Equal(["web.cli-flow.example"], app.GetProperty("allowed_domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Empty(app.GetProperty("whitelisted_domains").EnumerateArray());
        Assert.Equal("front", app.GetProperty("labels").GetProperty("tier").GetString());
        var domainTask = app.GetProperty("pending_task_id").GetString()!;

        var openTasks = Table("task", "list", "--status", "INPROGRESS");
        Assert.Contains(domainTask, openTasks, StringComparison.Ordinal);
        Assert.Contains("DOMAIN_WHITELIST", openTasks, StringComparison.Ordinal);
        var domainDecision = Json("task", "approve", domainTask, "--json");
        Assert.Equal("SUCCESS", domainDecision.GetProperty("task_status").GetProperty("status").GetString());
        var approvedApp = Json("app", "show", appId, "--json");
        Assert.Equal(["web.cli-flow.example"], approvedApp.GetProperty("whitelisted_domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("web.cli-flow.example", Table("app", "list"), StringComparison.Ordinal);

        var build = Json("build", "create", "--app", appId, "--sigstruct", SigstructFile, "--json");
        var buildId = build.GetProperty("build_id").GetString()!;
        Assert.Equal("PENDING", build.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(mrenclave, build.GetProperty("enclave_info").GetProperty("mrenclave").GetString());
        Assert.Equal(mrsigner, build.GetProperty("enclave_info").GetProperty("mrsigner").GetString());
        Assert.Equal(expected.GetProperty("isvprodid").GetInt32(), build.GetProperty("enclave_info").GetProperty("isvprodid").GetInt32());
        Assert.Equal(expected.GetProperty("isvsvn").GetInt32(), build.GetProperty("enclave_info").GetProperty("isvsvn").GetInt32());
        var buildTask = build.GetProperty("pending_task_id").GetString()!;
        Assert.Contains("BUILD_WHITELIST", Table("task", "show", buildTask), StringComparison.Ordinal);

        Assert.Equal("SUCCESS", Json("task", "approve", buildTask, "--json").GetProperty("task_status").GetProperty("status").GetString());
        Assert.Equal("WHITELISTED", Json("build", "show", buildId, "--json").GetProperty("status").GetProperty("status").GetString());
        var builds = Table("build", "list", "--app", appId);
        Assert.Contains(buildId, builds, StringComparison.Ordinal);
        Assert.Contains("WHITELISTED", builds, StringComparison.Ordinal);
        Assert.Contains(mrenclave, builds, StringComparison.Ordinal);
        Assert.Contains("WHITELISTED", Table("build", "show", buildId), StringComparison.Ordinal);

        var zoneId = account.GetProperty("default_zone_id").GetString()!;
        Assert.Contains(zoneId, Table("zone", "list"), StringComparison.Ordinal);
        Assert.Equal(zoneId, Json("zone", "show", zoneId, "--json").GetProperty("zone_id").GetString());
        var token = Json("zone", "token", zoneId, "--expires-in", "3600", "--json");
        Assert.False(string.IsNullOrEmpty(token.GetProperty("token").GetString()));
        Assert.True(token.GetProperty("expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var tokenTable = Table("zone", "token", zoneId);
        Assert.Contains("shown only once", tokenTable, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN X509 CRL-----", Table("zone", "crl", zoneId), StringComparison.Ordinal);
        var crlFile = Path.Combine(TestDirectory, "zone.crl");
        Assert.Contains("written to", Table("zone", "crl", zoneId, "--out", crlFile), StringComparison.Ordinal);
        Assert.Equal(0x30, File.ReadAllBytes(crlFile)[0]); // a DER SEQUENCE

        var nodes = Json("node", "list", "--json");
        Assert.Empty(nodes.GetProperty("items").EnumerateArray());
        Assert.Equal(0, nodes.GetProperty("metadata").GetProperty("total_count").GetInt32());
        Assert.Contains("0 shown of 0", Table("node", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutASession_EveryAdminCommandSaysHowToLogIn()
    {
        foreach (var command in new[] { "account", "zone", "app", "build", "task", "node" })
        {
            var (code, _, error) = Ccm.Run(command, "list");

            Assert.Equal(2, code);
            Assert.Contains("ccm login", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AReader_CannotApprove_AndTheTaskStaysOpen()
    {
        LogIn();
        var accountId = Json("account", "create", "readers", "--json").GetProperty("acct_id").GetString()!;
        Json("account", "select", accountId, "--json");
        var task = Json("app", "create", "web", "--domain", "web.readers.example", "--json").GetProperty("pending_task_id").GetString()!;
        const string readerEmail = "reader@example.com";
        const string readerPassword = "a long reader password";
        using (var http = new HttpClient { BaseAddress = new Uri(Url) })
        {
            (await http.PostAsJsonAsync("/v1/users", new { user_email = readerEmail, user_password = readerPassword })).EnsureSuccessStatusCode();
        }

        AddMember(accountId, readerEmail, "READER");

        Environment.SetEnvironmentVariable("CCM_PASSWORD", readerPassword);
        Assert.Equal(0, Ccm.Run("login", "--manager", Url, "--email", readerEmail).ExitCode);
        Json("account", "select", accountId, "--json");
        var (code, output, error) = Ccm.Run("task", "approve", task);

        Assert.Equal(2, code);
        Assert.Contains("403 Forbidden", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal("INPROGRESS", Json("task", "show", task, "--json").GetProperty("status").GetProperty("status").GetString());
    }

    [Fact]
    public void ACorruptedSigstruct_IsRefusedBeforeAnythingIsSent()
    {
        LogIn();
        Json("account", "select", Json("account", "create", "sigstructs", "--json").GetProperty("acct_id").GetString()!, "--json");
        var appId = Json("app", "create", "web", "--domain", "web.sigstructs.example", "--json").GetProperty("app_id").GetString()!;
        var corrupted = Path.Combine(TestDirectory, "corrupted.sigstruct.bin");
        var bytes = File.ReadAllBytes(SigstructFile);
        bytes[960] ^= 0x01; // ENCLAVEHASH: a signed byte
        File.WriteAllBytes(corrupted, bytes);

        var (code, output, error) = Ccm.Run("build", "create", "--app", appId, "--sigstruct", corrupted);

        Assert.Equal(2, code);
        Assert.Contains("not a valid SIGSTRUCT", error, StringComparison.Ordinal);
        Assert.Contains("SignatureInvalid", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Empty(Json("build", "list", "--json").GetProperty("items").EnumerateArray());
        Assert.Equal(2, Ccm.Run("build", "create", "--app", appId, "--sigstruct", Path.Combine(TestDirectory, "missing.bin")).ExitCode);
        Assert.Equal(2, Ccm.Run("build", "create", "--app", appId).ExitCode);
    }

    [Fact]
    public void ABuild_FromExplicitMeasurements_AndTheManagersValidationCode()
    {
        LogIn();
        Json("account", "select", Json("account", "create", "explicit", "--json").GetProperty("acct_id").GetString()!, "--json");
        var appId = Json("app", "create", "web", "--domain", "web.explicit.example", "--json").GetProperty("app_id").GetString()!;
        var hex = new string('a', 64);

        var build = Json("build", "create", "--app", appId, "--mrenclave", hex, "--mrsigner", hex, "--isvprodid", "1", "--isvsvn", "2", "--json");
        var (code, _, error) = Ccm.Run("build", "create", "--app", appId, "--mrenclave", "xyz", "--mrsigner", hex, "--isvprodid", "1", "--isvsvn", "2");

        Assert.Equal(hex, build.GetProperty("enclave_info").GetProperty("mrenclave").GetString());
        Assert.Equal(2, code);
        Assert.Contains("ValidationFailed", error, StringComparison.Ordinal);

        var task = build.GetProperty("pending_task_id").GetString()!;
        Assert.Equal("DENIED", Json("task", "deny", task, "--json").GetProperty("task_status").GetProperty("status").GetString());
        Assert.Contains("DENIED", Table("task", "list", "--status", "DENIED"), StringComparison.Ordinal);
        Assert.NotEqual("WHITELISTED", Json("build", "show", build.GetProperty("build_id").GetString()!, "--json").GetProperty("status").GetProperty("status").GetString());
    }

    [Fact]
    public void UnknownIds_AnswerNotFound_AndMalformedIdsAreUsageErrors()
    {
        LogIn();
        Json("account", "select", Json("account", "create", "ids", "--json").GetProperty("acct_id").GetString()!, "--json");
        var unknown = Guid.NewGuid().ToString();

        foreach (var args in new[] { new[] { "node", "show", unknown }, ["node", "deactivate", unknown], ["app", "show", unknown], ["zone", "token", unknown], ["account", "select", unknown] })
        {
            var (code, _, error) = Ccm.Run(args);
            Assert.Equal(2, code);
            Assert.Contains("404 NotFound", error, StringComparison.Ordinal);
        }

        Assert.Equal(2, Ccm.Run("task", "approve", "not-a-uuid").ExitCode);
    }

    private void LogIn()
    {
        var (code, output, error) = Ccm.Run("login", "--manager", Url, "--email", Email);
        Assert.True(code == 0, output + error);
    }

    private void AddMember(string accountId, string email, string role)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        using var login = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        login.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Email}:{Password}")));
        var session = http.Send(login);
        session.EnsureSuccessStatusCode();
        var bearer = session.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult().GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        http.PostAsJsonAsync($"/v1/accounts/{accountId}/members", new { user_email = email, role }).GetAwaiter().GetResult().EnsureSuccessStatusCode();
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
