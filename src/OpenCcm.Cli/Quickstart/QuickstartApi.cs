using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using OpenCcm.Cli.Admin;

namespace OpenCcm.Cli.Quickstart;

/// <summary>The administrator's session with the quickstart's manager: the REST API an operator would use, over HTTPS trusting only the manager's CA.</summary>
internal sealed class QuickstartApi : IDisposable
{
    private readonly HttpClient _client;

    private QuickstartApi(HttpClient client) => _client = client;

    public static async Task<QuickstartApi> LogInAsync(Uri manager, string managerCa, string email, string password, CancellationToken cancellationToken)
    {
        using var anonymous = ManagerClient.Create(manager.AbsoluteUri, managerCa, bearer: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sys/auth");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await anonymous.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var session = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return new QuickstartApi(ManagerClient.Create(manager.AbsoluteUri, managerCa, session.GetProperty("access_token").GetString()));
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = body is null
            ? await _client.PostAsync(path, null, cancellationToken).ConfigureAwait(false)
            : await _client.PostAsJsonAsync(path, body, cancellationToken).ConfigureAwait(false);
        return await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a pending task (the zone's default quorum is one approval).</summary>
    public async Task ApproveAsync(string taskId, CancellationToken cancellationToken)
    {
        using var response = await _client.PatchAsJsonAsync($"v1/tasks/{taskId}", new { status = "APPROVED" }, cancellationToken).ConfigureAwait(false);
        await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
