using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// Client of the node agent's local API (docs/node-agent.md), as a workload or the runtime calls it. The base URL is
/// Fortanix's <c>NODE_AGENT_BASE_URL</c>, e.g. <c>http://127.0.0.1:9092/v1</c>. A refusal (RFC 7807 problem) throws
/// <see cref="NodeAgentException"/> with its stable code; an unreachable agent throws one with status 0 and code
/// <see cref="AgentErrorCodes.InternalError"/>. Thread-safe.
/// </summary>
public sealed class NodeAgentClient : IDisposable
{
    /// <summary>Fortanix's environment variable naming the agent's base URL.</summary>
    public const string BaseUrlVariable = "NODE_AGENT_BASE_URL";

    /// <summary>Where the agent listens by default.</summary>
    public const string DefaultBaseUrl = "http://127.0.0.1:9092/v1";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client over TCP to <paramref name="baseUrl"/> (…/v1).</summary>
    public NodeAgentClient(Uri baseUrl)
        : this(new HttpClient(), baseUrl, ownsHttpClient: true)
    {
    }

    /// <summary>A client using <paramref name="http"/> (its handler decides the transport) against <paramref name="baseUrl"/>.</summary>
    public NodeAgentClient(HttpClient http, Uri baseUrl, bool ownsHttpClient = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = http;
        _ownsHttp = ownsHttpClient;
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    /// <summary>The base URL, ending with '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A client for <c>NODE_AGENT_BASE_URL</c>, or <see cref="DefaultBaseUrl"/> when it is unset.</summary>
    public static NodeAgentClient FromEnvironment() =>
        new(new Uri(Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? url : DefaultBaseUrl));

    /// <summary>A client that reaches the agent over its Unix socket at <paramref name="socketPath"/> (the URL's host is then ignored).</summary>
    public static NodeAgentClient ForUnixSocket(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new NodeAgentClient(new HttpClient(handler), new Uri("http://localhost/v1/"), ownsHttpClient: true);
    }

    public Task<AgentVersionResponse> GetVersionAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "sys/version", null, AgentProtocolJson.Default.AgentVersionResponse, cancellationToken);

    /// <summary>The agent enclave's TARGETINFO, for EREPORT.</summary>
    public async Task<SgxTargetInfo> GetTargetInfoAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, "enclave/target-info", null, AgentProtocolJson.Default.TargetInfoResponse, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            return SgxTargetInfo.Parse(Convert.FromBase64String(answer.TargetInfo));
        }
        catch (Exception e) when (e is FormatException or Attestation.EvidenceFormatException)
        {
            throw new NodeAgentException(AgentErrorCodes.InternalError, $"The agent's targetInfo is not base64 of 512 bytes: {e.Message}", 200, null, e);
        }
    }

    /// <summary>Local attestation: the workload's REPORT for the agent and CSR #1 (PEM).</summary>
    public Task<AttestResponse> AttestAsync(ReadOnlyMemory<byte> report, string attestationCsrPem, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "enclave/attest", Content(new AttestRequest(Convert.ToBase64String(report.Span), attestationCsrPem), AgentProtocolJson.Default.AttestRequest),
            AgentProtocolJson.Default.AttestResponse, cancellationToken);

    /// <summary>Asks for a certificate with CSR #2 (PEM). DENIED and FAILED come back as a task, not as an exception.</summary>
    public Task<CertificateTask> IssueAsync(string csrPem, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "certificate/issue", Content(new IssueCertificateRequest(csrPem), AgentProtocolJson.Default.IssueCertificateRequest),
            AgentProtocolJson.Default.CertificateTask, cancellationToken);

    public Task<CertificateTask> GetResultAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"certificate/result/{taskId}", null, AgentProtocolJson.Default.CertificateTask, cancellationToken);

    public Task<HeartbeatAccepted> SendHeartbeatAsync(HeartbeatEnvelope heartbeat, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "heartbeat", Content(heartbeat, AgentProtocolJson.Default.HeartbeatEnvelope), AgentProtocolJson.Default.HeartbeatAccepted,
            cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static ByteArrayContent Content<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path)) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new NodeAgentException(AgentErrorCodes.InternalError, $"The node agent at {BaseUrl} cannot be reached: {e.Message}", 0, null, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ToException((int)response.StatusCode, body);
            }

            try
            {
                return JsonSerializer.Deserialize(body, type)
                    ?? throw new NodeAgentException(AgentErrorCodes.InternalError, $"The node agent answered null to {path}.", (int)response.StatusCode);
            }
            catch (JsonException e)
            {
                throw new NodeAgentException(AgentErrorCodes.InternalError, $"The node agent's answer to {path} is not the JSON expected: {e.Message}",
                    (int)response.StatusCode, null, e);
            }
        }
    }

    private static NodeAgentException ToException(int status, byte[] body)
    {
        AgentProblem? problem = null;
        try
        {
            problem = body.Length > 0 ? JsonSerializer.Deserialize(body, AgentProtocolJson.Default.AgentProblem) : null;
        }
        catch (JsonException)
        {
            // Not a problem document: reported by status below.
        }

        var code = problem?.Code ?? (status == 404 ? AgentErrorCodes.NotFound : AgentErrorCodes.InternalError);
        var message = problem?.Detail ?? problem?.Title ?? $"The node agent answered HTTP {status}.";
        return new NodeAgentException(code, message, status, problem?.Refusals);
    }
}
