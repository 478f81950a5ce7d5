using System.Net.Http.Json;
using OpenCcm.Agent;
using OpenCcm.Agent.Tests;
using OpenCcm.Runtime.Tests;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>
/// A real manager, a real node agent, and two workloads under the published runtime — openssl s_server requiring a
/// client certificate, and a client script running openssl s_client — each with the certificate it obtained, trusting
/// only the zone root the runtime installed. Outsiders (a self-signed client, a client trusting another root) fail.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private const string ClientDomain = "client.e2e.test";

    private const string ClientScript = """
        #!/bin/sh
        printf 'GET / HTTP/1.0\r\n\r\n' | usr/bin/openssl s_client -connect "127.0.0.1:$PORT" -servername "$SERVER" -verify_hostname "$SERVER" \
          -verify_return_error -CAfile run/ccm/zone-root.pem -cert run/ccm/cert.pem -key run/ccm/key.pem -cert_chain run/ccm/chain.pem \
          -quiet > out/response 2> out/stderr
        """;

    private readonly ManagerWithZone _manager = new();

    public Task InitializeAsync() => _manager.InitializeAsync();

    public Task DisposeAsync() => _manager.DisposeAsync();

    [Fact]
    public async Task Two_workloads_under_the_runtime_complete_mutual_tls_trusting_only_the_zone_root()
    {
        var port = Tools.FreePort();
        using var server = new OpensslWorkload(ManagerWithZone.Domain,
        [
            "s_server", "-www", "-accept", $"127.0.0.1:{port}", "-cert", "run/ccm/cert.pem", "-key", "run/ccm/key.pem", "-cert_chain", "run/ccm/chain.pem",
            "-Verify", "2", "-verify_return_error", "-CAfile", "run/ccm/zone-root.pem",
        ]);
        using var client = new OpensslWorkload(ClientDomain, [], ClientScript, new() { ["PORT"] = $"{port}", ["SERVER"] = ManagerWithZone.Domain });
        var serverApp = (await _manager.GetAsync("v1/apps")).GetProperty("items")[0].GetProperty("app_id").GetString()!;
        var clientApp = await _manager.PostAsync("v1/apps", new { name = "e2e-client", allowed_domains = new[] { ClientDomain } });
        await ApproveAsync(clientApp.GetProperty("pending_task_id").GetString()!);
        await RegisterBuildAsync(serverApp, server);
        await RegisterBuildAsync(clientApp.GetProperty("app_id").GetString()!, client);
        await using var agent = await NodeAgent.StartAsync(_manager.AgentOptions(_manager.NewDataDirectory()));

        using var serverRun = server.Start(_manager.SimulatedDirectory, agent.BaseUrl);
        await Tools.WaitForAsync(() => Tools.Accepts(port) || serverRun.Process.HasExited, TimeSpan.FromSeconds(60), () => "server not listening\n" + serverRun.Stderr);
        Assert.False(serverRun.Process.HasExited, serverRun.Stderr);

        using var clientRun = client.Start(_manager.SimulatedDirectory, agent.BaseUrl);
        var clientExit = await clientRun.WaitAsync();
        var response = ReadOrEmpty(client.InRoot("/out/response"));
        Assert.True(clientExit == 0, $"{clientRun.Stderr}\n{ReadOrEmpty(client.InRoot("/out/stderr"))}\n{response}");
        Assert.StartsWith("HTTP/1.0 200 ok", response, StringComparison.Ordinal);
        // s_server -www describes the session: the client presented its zone certificate.
        Assert.Contains("Client certificate", response, StringComparison.Ordinal);
        Assert.Contains(ClientDomain, response, StringComparison.Ordinal);

        // A client whose certificate is not from the zone is refused by the server.
        var outsider = Path.Combine(client.WorkDirectory, "outsider");
        Directory.CreateDirectory(outsider);
        var made = await Tools.RunAsync("openssl",
        [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path.Combine(outsider, "key.pem"),
            "-out", Path.Combine(outsider, "cert.pem"), "-subj", "/CN=" + ClientDomain, "-days", "1",
        ]);
        Assert.True(made.ExitCode == 0, made.ToString());
        var refused = await SClientAsync(port, client.InRoot("/run/ccm/zone-root.pem"), Path.Combine(outsider, "cert.pem"), Path.Combine(outsider, "key.pem"));
        Assert.DoesNotContain("HTTP/1.0 200 ok", refused.Stdout, StringComparison.Ordinal);

        // A client trusting another root (the manager's CA) does not accept the server.
        var distrusting = await SClientAsync(port, _manager.CaFile, client.InRoot("/run/ccm/cert.pem"), client.InRoot("/run/ccm/key.pem"), client.InRoot("/run/ccm/chain.pem"));
        Assert.NotEqual(0, distrusting.ExitCode);
        Assert.DoesNotContain("HTTP/1.0 200 ok", distrusting.Stdout, StringComparison.Ordinal);

        // The same client with the zone root succeeds from outside the runtime too (the refusals above are about trust).
        var trusted = await SClientAsync(port, client.InRoot("/run/ccm/zone-root.pem"), client.InRoot("/run/ccm/cert.pem"), client.InRoot("/run/ccm/key.pem"), client.InRoot("/run/ccm/chain.pem"));
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.StartsWith("HTTP/1.0 200 ok", trusted.Stdout, StringComparison.Ordinal);
    }

    private static Task<Tools.Result> SClientAsync(int port, string caFile, string cert, string key, string? chain = null) => Tools.RunAsync("openssl",
    [
        "s_client", "-connect", $"127.0.0.1:{port}", "-servername", ManagerWithZone.Domain, "-verify_hostname", ManagerWithZone.Domain,
        "-verify_return_error", "-CAfile", caFile, "-cert", cert, "-key", key, .. chain is null ? Array.Empty<string>() : ["-cert_chain", chain], "-quiet",
    ], "GET / HTTP/1.0\r\n\r\n");

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    private async Task RegisterBuildAsync(string app, OpensslWorkload workload)
    {
        var build = await _manager.PostAsync("v1/builds", new
        {
            app_id = app, mrenclave = Convert.ToHexStringLower(workload.MrEnclave), mrsigner = Convert.ToHexStringLower(OpensslWorkload.MrSigner),
            isvprodid = 2, isvsvn = 1,
        });
        await ApproveAsync(build.GetProperty("pending_task_id").GetString()!);
    }

    private async Task ApproveAsync(string task)
    {
        using var response = await _manager.Admin.PatchAsJsonAsync($"v1/tasks/{task}", new { status = "APPROVED" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
