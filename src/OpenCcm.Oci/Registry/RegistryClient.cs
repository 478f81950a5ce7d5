using System.Net;
using System.Text.Json;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// An OCI distribution API client (distribution-spec spec.md) shared by every repository it opens: one HTTP
/// connection pool, the credentials, and the learned challenges and bearer tokens. Thread-safe.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _authenticator;

    public RegistryClient(RegistryClientOptions? options = null)
    {
        Options = options ?? new RegistryClientOptions();
        if (Options.ChunkSize < 64 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.ChunkSize, "ChunkSize must be at least 64 KiB.");
        }

        _http = Options.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _http.Timeout = Options.Timeout;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(Options.UserAgent);
        _authenticator = new RegistryAuthenticator(_http, Options.Credentials ?? (_ => null));
    }

    public RegistryClientOptions Options { get; }

    /// <summary>Requests sent to token endpoints so far (tests check that tokens are cached per scope).</summary>
    internal int TokenRequests => _authenticator.TokenRequests;

    /// <summary>A repository of a registry reference, to resolve, pull and push (tag and digest of the reference aside).</summary>
    public RegistryRepository OpenRepository(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Kind != ImageReferenceKind.Registry)
        {
            throw new ArgumentException($"{reference} is not a registry reference.", nameof(reference));
        }

        return new RegistryRepository(this, reference);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>https://host (http:// for insecure registries); Docker Hub's API lives at registry-1.docker.io.</summary>
    internal Uri BaseUri(string registry)
    {
        var host = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        var scheme = Options.InsecureRegistries.Contains(registry) ? "http" : "https";
        return new Uri($"{scheme}://{host}/");
    }

    /// <summary>
    /// Sends a request (built fresh for each attempt so it can be replayed), authenticating as the registry asked
    /// on its last 401; on a 401 learns the challenge and retries once (unless <paramref name="replay"/> is false: the
    /// body cannot be sent twice, and the 401 is returned).
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(string registry, string scope, Func<HttpRequestMessage> create, CancellationToken cancellationToken, bool replay = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            request.Headers.Authorization = await _authenticator.AuthorizationAsync(registry, scope, refresh: attempt > 0, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new OciException(OciErrorCodes.ConnectionFailed, $"Registry {registry} unreachable ({request.Method} {request.RequestUri}): {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new OciException(OciErrorCodes.ConnectionFailed, $"Registry {registry} timed out ({request.Method} {request.RequestUri}).", e);
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || !replay || AuthChallenge.From(response.Headers) is not { } challenge)
            {
                return response;
            }

            if (!_authenticator.Learn(registry, challenge))
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>Throws the <see cref="OciException"/> matching a failed answer, with the registry's error codes.</summary>
    internal static async Task ThrowForStatusAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await ReadErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => OciErrorCodes.Unauthorized,
            HttpStatusCode.Forbidden => OciErrorCodes.Denied,
            HttpStatusCode.NotFound => OciErrorCodes.NotFound,
            _ => OciErrorCodes.RegistryError,
        };
        throw new OciException(code, $"{what}: registry answered {status} {response.ReasonPhrase}{detail}") { HttpStatus = status };
    }

    private static async Task<string> ReadErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var errors = JsonSerializer.Deserialize(buffer.AsSpan(0, length), RegistryJsonContext.Default.RegistryErrors)?.Errors;
            return errors is { Count: > 0 } ? " (" + string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")) + ")" : "";
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return "";
        }
    }
}
