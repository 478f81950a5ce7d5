using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>
/// Decoded certificates by the SHA-256 of their DER, so evidence that carries the same certificates again (a Nitro
/// cabundle, an enclave's leaf for its lifetime) is not decoded again: decoding costs more than a signature check.
/// Only certificates that decoded fully are kept; cached instances are shared and must not be disposed.
/// </summary>
internal sealed class CertificateCache
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);

    public X509Certificate2? GetOrLoad(byte[] der, Func<byte[], X509Certificate2?> load)
    {
        var key = Convert.ToHexString(SHA256.HashData(der));
        if (_certificates.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var certificate = load(der);
        if (certificate is not null)
        {
            if (_certificates.Count >= MaxEntries)
            {
                _certificates.Clear();
            }

            _certificates[key] = certificate;
        }

        return certificate;
    }
}
