using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Console.Tests;

/// <summary>Arranges and checks through the REST API what the browser tests drive through the console.</summary>
public sealed class ManagerApi(Uri baseAddress)
{
    public async Task<HttpClient> LogInAsync(string email, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/auth");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task SignUpAsync(string email, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        using var created = await anonymous.PostAsJsonAsync("/v1/users", new { user_email = email, user_password = password });
        created.EnsureSuccessStatusCode();
    }

    /// <summary>Creates an account and selects it for <paramref name="client"/>; its id and default zone.</summary>
    public static async Task<(string AccountId, string ZoneId)> NewAccountAsync(HttpClient client, string name)
    {
        using var created = await client.PostAsJsonAsync("/v1/accounts", new { name });
        created.EnsureSuccessStatusCode();
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = account.GetProperty("acct_id").GetString()!;
        await SelectAsync(client, id);
        return (id, account.GetProperty("default_zone_id").GetString()!);
    }

    public static async Task SelectAsync(HttpClient client, string accountId) =>
        (await client.PostAsync($"/v1/accounts/select_account/{accountId}", null)).EnsureSuccessStatusCode();

    public static async Task<string> AccountIdAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/accounts")).GetProperty("items").EnumerateArray()
            .Single(a => a.GetProperty("name").GetString() == name).GetProperty("acct_id").GetString()!;

    public static async Task<JsonElement[]> ListAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray()];

    /// <summary>Enrolls a node with simulated SGX evidence binding its CSR key, as a node agent does (POST /v1/nodes).</summary>
    public async Task<string> EnrollSimulatedNodeAsync(HttpClient client, string zoneId, string name, string simulatedDirectory)
    {
        var token = (await client.GetFromJsonAsync<JsonElement>($"/v1/zones/{zoneId}/token")).GetProperty("token").GetString();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        byte[] quote;
        using (var platform = SimulatedSgxPlatform.OpenOrCreate(simulatedDirectory))
        {
            var enclave = platform.CreateEnclave(SHA256.HashData("node agent"u8), SHA256.HashData("openccm"u8), 1, 1);
            quote = platform.CreateQuote(enclave, SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        }

        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/nodes")
        {
            Content = JsonContent.Create(new { name, attestation_request = new { csr, evidence = Convert.ToBase64String(quote) } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("node_id").GetString()!;
    }
}
