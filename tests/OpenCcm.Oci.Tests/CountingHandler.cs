using System.Collections.Concurrent;

namespace OpenCcm.Oci.Tests;

/// <summary>Counts the requests a client sends, by "METHOD kind" (kind: manifests, blobs, uploads, token, other).</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int this[string key] => _counts.GetValueOrDefault(key);

    public int Total => _counts.Values.Sum();

    public override string ToString() => string.Join(", ", _counts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var kind = path.Contains("/blobs/uploads/", StringComparison.Ordinal) ? "uploads"
            : path.Contains("/blobs/", StringComparison.Ordinal) ? "blobs"
            : path.Contains("/manifests/", StringComparison.Ordinal) ? "manifests"
            : path.Contains("token", StringComparison.Ordinal) ? "token"
            : "other";
        _counts.AddOrUpdate($"{request.Method} {kind}", 1, (_, n) => n + 1);
        return base.SendAsync(request, cancellationToken);
    }
}
