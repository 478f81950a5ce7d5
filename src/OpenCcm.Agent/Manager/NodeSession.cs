using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent.Enrollment;
using OpenCcm.Agent.Platforms;

namespace OpenCcm.Agent.Manager;

/// <summary>
/// The node's standing with the manager: the current identity and an mTLS client presenting its certificate; what the
/// manager said about it (deactivated), and re-enrollment — only when the certificate is missing, revoked (401
/// NodeCertificateRevoked) or due for renewal; a deactivated node (403 NodeNotActive) is never re-enrolled.
/// Replaced identities and clients are kept until the agent stops, as requests may still use them.
/// </summary>
internal sealed class NodeSession(AgentOptions options, IAgentPlatform platform, NodeIdentityStore store, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _enrolling = new(1, 1);
    private readonly List<IDisposable> _retired = [];
    private volatile State? _state;

    /// <summary>The current identity, or null before the first enrollment succeeded.</summary>
    public NodeIdentity? Identity => _state?.Identity;

    /// <summary>True once the manager said this node is deactivated.</summary>
    public bool Deactivated { get; private set; }

    /// <summary>How many enrollments this process made (0 when the stored identity was used).</summary>
    public int Enrollments { get; private set; }

    /// <summary>Loads the stored identity, enrolling when there is none or it has expired.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = store.Load();
        if (stored is not null && stored.NotAfter > options.Time.GetUtcNow())
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Node {NodeId}: using the identity in {Directory} (certificate valid until {NotAfter:u}).", stored.NodeId, store.Directory, stored.NotAfter);
            }

            Install(stored);
            return;
        }

        stored?.Dispose();
        await EnrollAsync(stored is null ? "no stored identity" : "the stored certificate has expired", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enrolls anew (unless deactivated, or another caller just did); failures are logged and rethrown.</summary>
    public async Task EnrollAsync(string reason, CancellationToken cancellationToken, NodeIdentity? replacing = null)
    {
        await _enrolling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Deactivated || (replacing is not null && !ReferenceEquals(replacing, Identity)))
            {
                return;
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Enrolling with {Manager}: {Reason}.", options.ManagerUrl, reason);
            }

            var identity = await new NodeEnroller(options, platform, store).EnrollAsync(cancellationToken).ConfigureAwait(false);
            Enrollments++;
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Enrolled as node {NodeId} (certificate valid until {NotAfter:u}).", identity.NodeId, identity.NotAfter);
            }

            Install(identity);
        }
        finally
        {
            _enrolling.Release();
        }
    }

    /// <summary>POSTs JSON to the manager over mTLS; observes revocation (re-enrolls in the background) and deactivation.</summary>
    public async Task<ManagerAnswer> PostAsync<T>(string path, T body, JsonTypeInfo<T>? type, CancellationToken cancellationToken)
    {
        var state = _state ?? throw new InvalidOperationException("Not enrolled.");
        using var content = type is null
            ? JsonContent.Create(body, options: Contracts.ContractJson.Options)
            : JsonContent.Create(body, type);
        using var response = await state.Client.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new ManagerAnswer((int)response.StatusCode, bytes, null);
        }

        var problem = ManagerProblem.Read((int)response.StatusCode, bytes);
        if (problem.IsDeactivated)
        {
            if (!Deactivated)
            {
                logger.LogWarning("The manager says node {NodeId} is deactivated: workloads are refused from now on.", state.Identity.NodeId);
            }

            Deactivated = true;
        }
        else if (problem.IsRevoked)
        {
            _ = ReenrollInBackgroundAsync("the manager says the node certificate is revoked", state.Identity);
        }

        return new ManagerAnswer(problem.Status, bytes, problem);
    }

    public async Task ReenrollInBackgroundAsync(string reason, NodeIdentity replacing)
    {
        try
        {
            await EnrollAsync(reason, CancellationToken.None, replacing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EnrollmentException or HttpRequestException or TaskCanceledException or JsonException
            or Attestation.Providers.EvidenceProviderException or IOException)
        {
            logger.LogError("Re-enrollment failed ({Reason}): {Message}. The next status report tries again.", reason, e.Message);
        }
    }

    public void Dispose()
    {
        _state?.Client.Dispose();
        _state?.Identity.Dispose();
        lock (_retired)
        {
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }
        }

        _enrolling.Dispose();
    }

    private void Install(NodeIdentity identity)
    {
        var client = ManagerHttp.Create(options.ManagerUrl, options.ManagerCaFile, identity.ClientCertificate, TimeSpan.FromSeconds(60));
        var previous = _state;
        _state = new State(identity, client);
        if (previous is not null)
        {
            lock (_retired)
            {
                _retired.Add(previous.Client);
                _retired.Add(previous.Identity);
            }
        }
    }

    private sealed record State(NodeIdentity Identity, HttpClient Client);
}

/// <summary>The manager's answer: status, body, and its problem when it was not a success.</summary>
internal sealed record ManagerAnswer(int Status, byte[] Body, ManagerProblem? Problem)
{
    public T Read<T>(JsonTypeInfo<T>? type = null) =>
        (type is null ? JsonSerializer.Deserialize<T>(Body, Contracts.ContractJson.Options) : JsonSerializer.Deserialize(Body, type))
        ?? throw new JsonException("The manager answered null.");
}
