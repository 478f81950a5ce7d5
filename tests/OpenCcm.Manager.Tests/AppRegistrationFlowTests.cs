using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// The Fortanix registration flow as curl + jq (scripts/fortanix-registration-flow.sh) against a real manager on a
/// loopback port, with the SIGSTRUCT sample signed by Fortanix's public test key (sgx-sigstruct/A_sig1_testkey).
/// </summary>
public class AppRegistrationFlowTests(RunningManager manager) : IClassFixture<RunningManager>
{
    private static readonly string Sigstruct = TestData.Path("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin");

    [Fact]
    public async Task TheScript_SignsUp_RegistersAndApprovesEverything_AndAgainReusesIt()
    {
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(TestData.Path("sgx-sigstruct", "A_sig1_testkey", "expected.json"))).RootElement;
        var email = $"flow-{Guid.NewGuid():N}@example.com";

        var first = await RunAsync(email, "flow password for tests");
        var second = await RunAsync(email, "flow password for tests");

        Assert.True(first.ExitCode == 0, first.Output + first.Errors);
        Assert.Contains($"logged in: {email} (signed up)", first.Output, StringComparison.Ordinal);
        Assert.Contains("zone certificate: subject=", first.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"sigstruct: mrenclave={expected.GetProperty("mrenclave").GetString()} mrsigner={expected.GetProperty("mrsigner_sha256_of_modulus_le").GetString()} "
            + $"isvprodid={expected.GetProperty("isvprodid").GetInt32()} isvsvn={expected.GetProperty("isvsvn").GetInt32()}",
            first.Output, StringComparison.Ordinal);
        Assert.Matches(@"domain task [0-9a-f-]{36}: SUCCESS", first.Output);
        Assert.Matches(@"build task [0-9a-f-]{36}: SUCCESS", first.Output);
        Assert.Contains("build status: WHITELISTED", first.Output, StringComparison.Ordinal);
        Assert.Contains("whitelisted domains: app.registration-flow.example", first.Output, StringComparison.Ordinal);
        Assert.Contains("nodes: 0", first.Output, StringComparison.Ordinal);
        Assert.EndsWith("registration flow: OK", first.Output.TrimEnd(), StringComparison.Ordinal);

        Assert.True(second.ExitCode == 0, second.Output + second.Errors);
        Assert.Contains($"logged in: {email} (existing user)", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("task ", second.Output, StringComparison.Ordinal);
        Assert.Equal(Line(first.Output, "build: "), Line(second.Output, "build: "));
        Assert.Equal(Line(first.Output, "app: "), Line(second.Output, "app: "));

        using var client = await manager.LogInAsync(email, "flow password for tests");
        var account = Line(first.Output, "account: ").Split(' ')[0];
        (await client.PostAsync($"/v1/accounts/select_account/{account}", null)).EnsureSuccessStatusCode();
        var build = await client.GetFromJsonAsync<JsonElement>($"/v1/builds/{Line(first.Output, "build: ")}");
        Assert.Equal("WHITELISTED", build.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(expected.GetProperty("mrenclave").GetString(), build.GetProperty("enclave_info").GetProperty("mrenclave").GetString());
    }

    [Fact]
    public async Task TheScript_StopsAtAWrongPassword()
    {
        var email = $"flow-{Guid.NewGuid():N}@example.com";
        (await RunAsync(email, "the first password")).Output.ToString();

        var wrong = await RunAsync(email, "another password!!");

        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("sign-up (POST /v1/users) answered HTTP 409", wrong.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScript_RefusesAFileThatIsNotASigstruct()
    {
        var notSigstruct = Path.Combine(manager.DataDirectory, "not-a-sigstruct.bin");
        var bytes = await File.ReadAllBytesAsync(Sigstruct);
        bytes[0] ^= 0xff;
        await File.WriteAllBytesAsync(notSigstruct, bytes);

        var result = await RunAsync($"flow-{Guid.NewGuid():N}@example.com", "flow password for tests", notSigstruct);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not start with the SIGSTRUCT header", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("build: ", result.Output, StringComparison.Ordinal);
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(string email, string password, string? sigstruct = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["MANAGER_URL"] = manager.Client.BaseAddress!.ToString(), ["ADMIN_EMAIL"] = email, ["ADMIN_PASSWORD"] = password,
                ["SIGSTRUCT"] = sigstruct ?? Sigstruct, ["ACCOUNT_NAME"] = "flow-" + email,
            },
        };
        start.ArgumentList.Add(RepositoryFile("scripts", "fortanix-registration-flow.sh"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryFile(params string[] relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, .. relative]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{Path.Combine(relative)} not found above {AppContext.BaseDirectory}.");
    }
}
