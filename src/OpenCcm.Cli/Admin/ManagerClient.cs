using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// An HttpClient for the manager: trusts only the given CA file for HTTPS when one is given (the manager's own CA,
/// <c>manager-ca.pem</c>), else the system's; turns problem details into readable usage errors.
/// </summary>
internal static class ManagerClient
{
    public static HttpClient Create(string manager, string? caFile, string? bearer)
    {
        var handler = new HttpClientHandler();
        if (caFile is not null)
        {
            var anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }

        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(manager.TrimEnd('/') + "/") };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>The JSON body of a successful answer, or a <see cref="UsageException"/> naming the problem's code.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement body = default;
        if (text.Length > 0)
        {
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new UsageException($"The manager answered {(int)response.StatusCode} with a body that is not JSON.");
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("detail", out var d) ? d.GetString() : null;
            throw new UsageException($"The manager refused: {(int)response.StatusCode} {code} {detail}".TrimEnd());
        }

        return body;
    }
}
