using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenCcm.Oci.Registry;

/// <summary>
/// Remembers how each registry wants to be authenticated (learned from its first 401) and produces the Authorization
/// header for a request: Basic with the registry's credentials, or a bearer token from the Docker token flow
/// (GET realm?service=..&amp;scope=.., Basic credentials when we have them), cached per registry and scope until it expires.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, Func<string, RegistryCredentials?> credentialsFor)
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(60); // token.md: default 60 s

    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public int TokenRequests => _tokenRequests;

    private int _tokenRequests;

    /// <summary>Remembers the registry's challenge; false when answering it is hopeless (Basic without credentials).</summary>
    public bool Learn(string registry, AuthChallenge challenge)
    {
        if (challenge.IsBearer && string.IsNullOrEmpty(challenge.Realm))
        {
            throw new OciException(OciErrorCodes.AuthChallengeInvalid, $"Registry {registry} sent a Bearer challenge without a realm.");
        }

        _challenges[registry] = challenge;
        return challenge.IsBearer || credentialsFor(registry) is not null;
    }

    /// <summary>The header to send, or null while the registry has not asked for authentication.</summary>
    public async Task<AuthenticationHeaderValue?> AuthorizationAsync(string registry, string scope, bool refresh, CancellationToken cancellationToken)
    {
        if (!_challenges.TryGetValue(registry, out var challenge))
        {
            return null;
        }

        if (challenge.IsBasic)
        {
            return credentialsFor(registry) is { } credentials ? Basic(credentials) : null;
        }

        var key = $"{registry}|{scope}";
        if (!refresh && _tokens.TryGetValue(key, out var cached) && cached.Expires > DateTimeOffset.UtcNow)
        {
            return new AuthenticationHeaderValue("Bearer", cached.Token);
        }

        var (token, lifetime) = await FetchTokenAsync(registry, challenge, scope, cancellationToken).ConfigureAwait(false);
        _tokens[key] = (token, DateTimeOffset.UtcNow + lifetime - ExpiryMargin);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(string registry, AuthChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        if (challenge.Service is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }

        // The operation's scope, and the registry's own when it named a different one (push asks "pull,push").
        foreach (var wanted in new[] { scope, challenge.Scope }.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal))
        {
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(wanted!));
        }

        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new OciException(OciErrorCodes.AuthChallengeInvalid, $"Registry {registry} named an unusable token realm '{challenge.Realm}'.");
        }

        var uri = new UriBuilder(realm) { Query = string.IsNullOrEmpty(realm.Query) ? query.ToString() : realm.Query.TrimStart('?') + "&" + query };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri.Uri);
        var credentials = credentialsFor(registry);
        if (credentials is not null)
        {
            request.Headers.Authorization = Basic(credentials);
        }

        Interlocked.Increment(ref _tokenRequests);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OciException(OciErrorCodes.ConnectionFailed, $"Token endpoint {realm} of {registry} unreachable: {e.Message}", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new OciException(OciErrorCodes.Unauthorized, $"Token endpoint of {registry} refused {(credentials is null ? "anonymous access" : "the credentials of " + credentials.Username)} for {scope} ({(int)response.StatusCode}).")
                {
                    HttpStatus = (int)response.StatusCode,
                };
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OciException(OciErrorCodes.AuthChallengeInvalid, $"Token endpoint of {registry} answered {(int)response.StatusCode}.") { HttpStatus = (int)response.StatusCode };
            }

            var body = await ImageResolver.ReadBoundedAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), 1024 * 1024, "token response", cancellationToken).ConfigureAwait(false);
            TokenResponse? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
            }
            catch (JsonException e)
            {
                throw new OciException(OciErrorCodes.AuthChallengeInvalid, $"Token endpoint of {registry} answered invalid JSON: {e.Message}", e);
            }

            var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new OciException(OciErrorCodes.AuthChallengeInvalid, $"Token endpoint of {registry} answered without a token.");
            }

            var lifetime = parsed!.ExpiresIn is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : MinimumLifetime;
            return (token, lifetime < MinimumLifetime ? MinimumLifetime : lifetime);
        }
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
}
