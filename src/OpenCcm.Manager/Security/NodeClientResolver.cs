using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Caching;

namespace OpenCcm.Manager.Security;

/// <summary>
/// Authenticates node agents by mTLS (DESIGN.md §3): Kestrel accepts any client certificate and leaves validation to
/// us, so the presented certificate must be a node certificate this manager issued (found by serial, byte-identical,
/// ISSUED, not a workload certificate), of a node that is not deactivated, chaining to that node's zone root through
/// its issuing intermediate, and valid now. Plain HTTP carries no client certificate: <see cref="NodeCertificateRequired"/>.
/// An accepted certificate is remembered (<see cref="NodeClientCache"/>) so an agent's next calls skip the store reads
/// and the chain build, until a decision-changing write or the cache's TTL; refusals are never cached.
/// </summary>
internal sealed class NodeClientResolver(
    ICertificateStore certificates, INodeStore nodes, IZoneStore zones, NodeClientCache cache, NodeChainMemo chains, TimeProvider time)
{
    public const string NodeCertificateRequired = "NodeCertificateRequired";
    public const string NodeCertificateInvalid = "NodeCertificateInvalid";
    public const string NodeCertificateRevoked = "NodeCertificateRevoked";
    public const string NodeNotActive = "NodeNotActive";

    public async Task<NodeClientOutcome> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var presented = context.Connection.ClientCertificate;
        if (presented is null)
        {
            return NodeClientOutcome.Refused(StatusCodes.Status401Unauthorized, NodeCertificateRequired,
                "Node calls need the node certificate as a TLS client certificate (HTTPS).");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(presented.RawDataMemory.Span));
        var now = time.GetUtcNow();
        if (cache.TryGet(fingerprint, out var remembered) && remembered.ValidAt(now))
        {
            return new NodeClientOutcome(remembered.Client, StatusCodes.Status200OK, null, null);
        }

        var version = NodeClientCache.CurrentVersion;
        var serial = presented.SerialNumber.ToLowerInvariant();
        var stored = await certificates.FindBySerialAsync(serial, cancellationToken);
        if (stored is not { NodeId: { } nodeId, AppId: null, CertificatePem: { } pem } || !SameCertificate(presented, pem))
        {
            return Invalid("The client certificate is not a node certificate issued by this manager.");
        }

        var node = await nodes.GetAsync(nodeId, cancellationToken);
        var zone = node is null ? null : await zones.GetAsync(node.ZoneId, cancellationToken);
        if (node is null || zone is null || node.AccountId != stored.AccountId || !string.Equals(node.CertificateSerial, serial, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("The node certificate does not belong to a current node.");
        }

        if (node.Status == NodeStatus.Deactivated)
        {
            return NodeClientOutcome.Refused(StatusCodes.Status403Forbidden, NodeNotActive, $"Node {node.Id} is deactivated.");
        }

        if (stored.Status != CertificateStatus.Issued)
        {
            return NodeClientOutcome.Refused(StatusCodes.Status401Unauthorized, NodeCertificateRevoked, "The node certificate is revoked.");
        }

        if (!chains.Knows(fingerprint, zone, now.UtcDateTime) && !ChainsToZone(presented, zone, fingerprint))
        {
            return Invalid("The node certificate does not chain to its zone's CA or is not valid now.");
        }

        var client = new NodeClient(node, zone, serial);
        cache.Set(fingerprint, new RememberedNodeClient(client, presented.NotBefore.ToUniversalTime(), presented.NotAfter.ToUniversalTime()), version);
        return new NodeClientOutcome(client, StatusCodes.Status200OK, null, null);
    }

    private static NodeClientOutcome Invalid(string detail) =>
        NodeClientOutcome.Refused(StatusCodes.Status401Unauthorized, NodeCertificateInvalid, detail);

    // Byte comparison of the DER, without having the platform decode the stored copy (costly on OpenSSL 3.0).
    private static bool SameCertificate(X509Certificate2 presented, string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "CERTIFICATE")
        {
            return false;
        }

        var der = new byte[fields.DecodedDataLength];
        return Convert.TryFromBase64Chars(pem.AsSpan(fields.Base64Data), der, out var written)
            && presented.RawDataMemory.Span.SequenceEqual(der.AsSpan(0, written));
    }

    // Custom trust: the zone root is the only anchor, the zone's issuing intermediate the only helper; checked at "now".
    private bool ChainsToZone(X509Certificate2 presented, Zone zone, string fingerprint)
    {
        using var root = X509Certificate2.CreateFromPem(zone.CertificateAuthority.RootCertificatePem);
        using var issuing = X509Certificate2.CreateFromPem(zone.CertificateAuthority.IssuingCertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.Add(issuing);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // revocation is the store's ISSUED status, checked above
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(presented) || chain.ChainElements.Count != 3)
        {
            return false;
        }

        // The chain must run through THIS zone's intermediate, not merely any certificate with its name.
        if (!chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(issuing.RawDataMemory.Span))
        {
            return false;
        }

        var elements = chain.ChainElements.Select(e => e.Certificate).ToArray();
        chains.Remember(fingerprint, zone, elements.Max(c => c.NotBefore.ToUniversalTime()), elements.Min(c => c.NotAfter.ToUniversalTime()));
        return true;
    }
}

/// <summary>Accepted node client certificates by SHA-256 fingerprint (<see cref="DecisionCache{TKey, TValue}"/>).</summary>
internal sealed class NodeClientCache(TimeProvider time, Hosting.ManagerOptions options)
    : DecisionCache<string, RememberedNodeClient>(time, options.DecisionCacheTtl);

/// <summary>A resolved node client and its certificate's validity window, rechecked on every hit.</summary>
internal sealed record RememberedNodeClient(NodeClient Client, DateTime NotBefore, DateTime NotAfter)
{
    public bool ValidAt(DateTimeOffset now) => now.UtcDateTime >= NotBefore && now.UtcDateTime < NotAfter;
}
