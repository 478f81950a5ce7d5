using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Security;

/// <summary>
/// Node certificates already proven to chain to their zone's CA, with the window in which that chain is valid (the
/// intersection of leaf, intermediate and root validity). Whether a certificate chains to a CA never changes, so unlike
/// the node's status (<see cref="NodeClientCache"/>, a short TTL) it need not be re-proven every time the node is
/// re-read: an X509Chain build per node per second was ≈ 2 % of the manager's CPU under issuance load. Keyed by the
/// certificate's fingerprint and a digest of the zone's two CA certificates, so a rotated CA proves again.
/// Refusals are not remembered.
/// </summary>
internal sealed class NodeChainMemo
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<(string Certificate, string Ca), (DateTime NotBefore, DateTime NotAfter)> _proven = new();

    public bool Knows(string fingerprint, Zone zone, DateTime utcNow) =>
        _proven.TryGetValue((fingerprint, CaKey(zone)), out var window) && utcNow >= window.NotBefore && utcNow < window.NotAfter;

    public void Remember(string fingerprint, Zone zone, DateTime notBefore, DateTime notAfter)
    {
        if (_proven.Count >= MaxEntries)
        {
            _proven.Clear(); // bounded: re-proving is only a chain build away
        }

        _proven[(fingerprint, CaKey(zone))] = (notBefore, notAfter);
    }

    private static string CaKey(Zone zone) => Convert.ToHexString(SHA256.HashData(
        Encoding.ASCII.GetBytes(zone.CertificateAuthority.RootCertificatePem + "\n" + zone.CertificateAuthority.IssuingCertificatePem)));
}
