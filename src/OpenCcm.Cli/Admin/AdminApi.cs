using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// The manager's REST API for one admin command, over the session <c>ccm login</c> saved. Every answer that is not a
/// success becomes a <see cref="UsageException"/> (exit 2) naming the problem's <c>code</c>.
/// </summary>
internal sealed class AdminApi : IDisposable
{
    private readonly HttpClient _client;

    private AdminApi(HttpClient client) => _client = client;

    public static AdminApi Open()
    {
        var session = CliSession.Load();
        return new AdminApi(ManagerClient.Create(session.Manager, session.CaCertificateFile, session.AccessToken));
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, body: null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> as snake_case JSON (the contracts' wire form); answers the JSON body (default when empty).</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), ContractJson.Options), Encoding.UTF8, "application/json");
        }

        using var response = await LoginCommand.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
        return await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A non-JSON resource (a CRL): the bytes of a successful answer.</summary>
    public async Task<byte[]> GetBytesAsync(string path, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await LoginCommand.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false); // throws with the problem's code
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
